from django.apps import AppConfig


class QuartierConfig(AppConfig):
    name = "quartier"
    label = "quartier"
    verbose_name = "Quartier"

    def ready(self):
        # Receivers need every app's models loaded, which they are only now.
        from .admin_forms import register_slug_widget
        from .admin_i18n import translate_labels_per_request
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        register_slug_widget()
        translate_labels_per_request()

        from . import counters, ratelimit

        counters.on_flush(ratelimit.COUNTER, ratelimit.write_batched)
