from django.apps import AppConfig


class QuartierConfig(AppConfig):
    name = "quartier"
    label = "quartier"
    verbose_name = "Quartier"

    def ready(self):
        # Receivers need every app's models loaded, which they are only now.
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

        from . import counters, ratelimit

        counters.on_flush(ratelimit.COUNTER, ratelimit.write_batched)
