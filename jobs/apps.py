from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Arbeit im Quartier"

    def ready(self):
        # Imported here: models exist only once the apps are loaded.
        from directory.models import BusinessJob, BusinessPage
        from quartier.cache_invalidation import also_drop

        from .models import jobs_board_urls_of_business, jobs_board_urls_of_job
        from .search import register_search

        register_search()
        also_drop(BusinessPage, jobs_board_urls_of_business)
        also_drop(BusinessJob, jobs_board_urls_of_job)
