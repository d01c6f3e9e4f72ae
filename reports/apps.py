from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Programmbericht"

    def ready(self):
        # Imported here: the receivers reach models, which exist only once apps are loaded.
        from . import signal_handlers

        signal_handlers.connect()
