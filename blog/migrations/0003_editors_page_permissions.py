"""The editors' group (Redaktion) had its page permissions on the home page,
so it could publish business profiles past moderation and edit the legal
pages. It gets them on the event and news index pages instead, in every
language tree (blog.signal_handlers grants them on index pages created later)."""

from django.db import migrations

# Copied from quartier.roles: a migration must not import code that may change.
EDITORS_GROUP = "Redaktion"
EDITORS_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
INDEX_MODELS = ["eventindexpage", "newsindexpage"]


def move_to_index_pages(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    editors = Group.objects.filter(name=EDITORS_GROUP).first()
    if editors is None:
        return
    index_pages = Page.objects.filter(
        content_type__app_label="blog", content_type__model__in=INDEX_MODELS
    )
    GroupPagePermission.objects.filter(group=editors).exclude(page__in=index_pages).delete()
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=EDITORS_PAGE_PERMISSIONS
    )
    for page in index_pages:
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(
                group=editors, page=page, permission=permission
            )


def back_to_home_pages(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    editors = Group.objects.filter(name=EDITORS_GROUP).first()
    site = Site.objects.filter(is_default_site=True).first()
    if editors is None or site is None:
        return
    home = Page.objects.get(pk=site.root_page_id)
    homes = Page.objects.filter(translation_key=home.translation_key)
    GroupPagePermission.objects.filter(group=editors).delete()
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=EDITORS_PAGE_PERMISSIONS
    ):
        for page in homes:
            GroupPagePermission.objects.create(group=editors, page=page, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0002_role_permissions"),
        ("directory", "0004_roles_and_moderation_workflow"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(move_to_index_pages, back_to_home_pages)]
