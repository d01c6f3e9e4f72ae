"""The coordination team keeps the tags' translations, as it keeps the names
of categories and districts."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATION_GROUP = "Koordinationsteam"
PERMISSIONS = [f"{action}_tagtranslation" for action in ("add", "change", "delete", "view")]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(content_type__app_label="directory", codename__in=PERMISSIONS)
    )
    for group in Group.objects.filter(name=COORDINATION_GROUP):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="directory", codename__in=PERMISSIONS
    )
    for group in Group.objects.filter(name=COORDINATION_GROUP):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("directory", "0011_tag_translations")]

    operations = [migrations.RunPython(grant, revoke)]
