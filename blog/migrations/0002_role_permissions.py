"""Editors and the coordination team manage workshop registrations and target
groups in the admin (the role groups come from directory's migration 0004)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_GROUPS = ["Koordinationsteam", "Redaktion"]
MODELS = ["registration", "targetgroup"]
ACTIONS = ["add", "change", "delete", "view"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="blog",
        codename__in=[f"{action}_{model}" for model in MODELS for action in ACTIONS],
    )
    for group in Group.objects.filter(name__in=ROLE_GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="blog")
    for group in Group.objects.filter(name__in=ROLE_GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("directory", "0004_roles_and_moderation_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
