from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Verzeichnis"

    def ready(self):
        from django.db.models.signals import pre_save

        from . import signal_handlers
        from .models import BusinessPage

        pre_save.connect(
            signal_handlers.store_opening_state,
            sender=BusinessPage,
            dispatch_uid="directory-opening-state",
        )
