from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Aktionen, Workshops und Neuigkeiten"

    def ready(self):
        from django.db.models.signals import post_save

        from . import signal_handlers
        from .models import EventIndexPage, NewsIndexPage

        for model in (EventIndexPage, NewsIndexPage):
            post_save.connect(
                signal_handlers.grant_editors,
                sender=model,
                dispatch_uid=f"blog.grant_editors.{model.__name__}",
            )
