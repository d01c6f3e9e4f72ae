"""Editors' page permissions follow the pages they are for."""

from django.contrib.auth.models import Group, Permission

from wagtail.models import GroupPagePermission

from quartier import roles


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
