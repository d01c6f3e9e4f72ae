"""The blog's signal receivers, connected in BlogConfig.ready() with explicit
senders: editors' page permissions follow the pages they are for."""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_save

from wagtail.models import GroupPagePermission

from quartier import roles

from .models import EventIndexPage, NewsIndexPage


def grant_editors(sender, instance, created, raw=False, **kwargs):
    """post_save of an event or news index page: the editors' group may add,
    edit and publish below it (quartier.roles.EDITORS_PAGE_PERMISSIONS).
    Translations get the same permissions (quartier.translation_sync)."""
    if not created or raw:
        return
    editors = Group.objects.filter(name=roles.EDITORS_GROUP).first()
    if editors is None:
        return
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=roles.EDITORS_PAGE_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(
            group=editors, page_id=instance.pk, permission=permission
        )


def register_signal_handlers():
    for model in (EventIndexPage, NewsIndexPage):
        post_save.connect(
            grant_editors, sender=model, dispatch_uid=f"blog.grant_editors.{model.__name__}"
        )
