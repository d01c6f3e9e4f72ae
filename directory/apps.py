from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = "Verzeichnis"

    def ready(self):
        # Imported here: they need every app's models, which are loaded only now.
        from quartier.models import show_on_home_page

        from .home import home_page_section
        from .search import register_search
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        register_search()
        show_on_home_page(home_page_section)
