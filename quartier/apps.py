from django.apps import AppConfig


class QuartierConfig(AppConfig):
    name = "quartier"
    label = "quartier"
    verbose_name = "Quartier"

    def ready(self):
        from django.core.signals import request_started
        from django.db.models.signals import post_delete, post_save

        from wagtail.models import Site

        from . import site_address

        uid = "quartier.site_address."
        post_save.connect(site_address.forget, sender=Site, dispatch_uid=uid + "saved")
        post_delete.connect(site_address.forget, sender=Site, dispatch_uid=uid + "deleted")
        request_started.connect(site_address.update_admin_base_url, dispatch_uid=uid + "admin")
