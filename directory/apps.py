from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Verzeichnis"

    def ready(self):
        from .search import register_search
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        register_search()
