from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Programmbericht"

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
