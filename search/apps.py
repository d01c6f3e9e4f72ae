from django.apps import AppConfig

from .registry import registry


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "Suche"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here: the receivers reach models, which exist only once apps are loaded.
        from . import signals

        # The apps listed before search in INSTALLED_APPS have registered their
        # page types, positions and facet models in their own ready().
        registry.close()
        signals.connect(registry)
