"""A Wagtail locale for every interface language, and the permission to submit
translations (wagtail.contrib.simple_translation) for the role groups.

Idempotent: existing locales and groups are kept. Page aliases for the new
locales are created by quartier.translation_sync (after migrate, on publish)."""

from django.conf import settings
from django.db import migrations

# Copied from quartier.roles: a migration must not import code that may change.
ROLE_GROUPS = ["Koordinationsteam", "Redaktion", "Geschäftsinhaber"]


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code, _name in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


def grant_submit_translation(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="simple_translation", model="simpletranslation"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    for name in ROLE_GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(permission)


def revoke_submit_translation(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permission = Permission.objects.filter(
        content_type__app_label="simple_translation", codename="submit_translation"
    ).first()
    if permission is not None:
        for group in Group.objects.filter(name__in=ROLE_GROUPS):
            group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("quartier", "0003_create_homepage"),
        ("simple_translation", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(create_locales, migrations.RunPython.noop),
        migrations.RunPython(grant_submit_translation, revoke_submit_translation),
    ]
