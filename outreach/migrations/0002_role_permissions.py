"""The coordination team sees newsletter subscriptions and deletes one when a
resident asks by phone or letter (view and delete only: nobody subscribes
another person; the role groups come from directory's migration 0004)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_subscription", "delete_subscription"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="outreach", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name="Koordinationsteam"):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="outreach")
    for group in Group.objects.filter(name="Koordinationsteam"):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0001_initial"),
        ("directory", "0004_roles_and_moderation_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
