from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Aktionen, Workshops und Neuigkeiten"

    def ready(self):
        # Imported here: they need every app's models, which are loaded only now.
        from directory.map_data import show_on_map
        from directory.models import BusinessPage, Language
        from quartier.cache_invalidation import also_drop
        from quartier.models import show_on_home_page

        from .events import home_page_events, workshop_venues
        from .models import campaigns_of_business, workshops_in_language
        from .search import register_search
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
        register_search()
        # Campaigns list their businesses, workshops their languages.
        also_drop(BusinessPage, campaigns_of_business)
        also_drop(Language, workshops_in_language)
        show_on_home_page(home_page_events)
        show_on_map("map_workshops", workshop_venues)
