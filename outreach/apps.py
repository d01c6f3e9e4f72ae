from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "outreach"
    verbose_name = "Aushänge und Newsletter"

    def ready(self):
        from directory.owner_actions import show_owner_action

        from .owner_actions import window_sticker_action

        show_owner_action(window_sticker_action)
