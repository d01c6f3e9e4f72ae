"""Residents' reports of wrong details are for the coordination team: it may
view them and tick them off ("done"); nobody adds them in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATION_GROUP = "Koordinationsteam"
REPORT_PERMISSIONS = ["view_profilereport", "change_profilereport"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="freshness", codename__in=REPORT_PERMISSIONS
        )
    )
    for group in Group.objects.filter(name=COORDINATION_GROUP):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="freshness")
    for group in Group.objects.filter(name=COORDINATION_GROUP):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("freshness", "0001_initial"),
        ("directory", "0004_roles_and_moderation_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
