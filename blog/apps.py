from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Aktionen, Workshops und Neuigkeiten"

    def ready(self):
        from django.db.models.signals import post_save

        from directory.models import BusinessPage, Language
        from quartier.cache_invalidation import also_drop

        from . import signal_handlers
        from .models import (
            EventIndexPage,
            NewsIndexPage,
            campaigns_of_business,
            workshops_in_language,
        )
        from .search import register_search

        register_search()
        also_drop(BusinessPage, campaigns_of_business)
        also_drop(Language, workshops_in_language)

        for model in (EventIndexPage, NewsIndexPage):
            post_save.connect(
                signal_handlers.grant_editors,
                sender=model,
                dispatch_uid=f"blog.grant_editors.{model.__name__}",
            )
