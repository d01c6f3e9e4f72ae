"""The job coaches' role group: they read and follow up residents' interest in
positions. Interest requests are personal data: only the job coaches and the
coordination team get permissions on them (not editors, not shopkeepers)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

JOB_COACHES_GROUP = "Jobcoaches"
COORDINATION_GROUP = "Koordinationsteam"
INTEREST_PERMISSIONS = ["view_jobinterest", "change_jobinterest"]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    interest = list(
        Permission.objects.filter(content_type__app_label="jobs", codename__in=INTEREST_PERMISSIONS)
    )
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    coaches, _created = Group.objects.get_or_create(name=JOB_COACHES_GROUP)
    coaches.permissions.add(*interest, *([access_admin] if access_admin else []))
    for group in Group.objects.filter(name=COORDINATION_GROUP):
        group.permissions.add(*interest)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name=JOB_COACHES_GROUP).delete()
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="jobs")
    for group in Group.objects.filter(name=COORDINATION_GROUP):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("directory", "0004_roles_and_moderation_workflow"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
