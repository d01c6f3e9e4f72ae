from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Arbeit im Quartier"

    def ready(self):
        from directory.models import BusinessJob, BusinessPage
        from quartier.cache_invalidation import also_drop

        from .models import jobs_board_urls_of_business, jobs_board_urls_of_job

        also_drop(BusinessPage, jobs_board_urls_of_business)
        also_drop(BusinessJob, jobs_board_urls_of_job)
