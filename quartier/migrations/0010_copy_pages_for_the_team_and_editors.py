"""Copying a page becomes a permission of its own, held by the coordination
team and the editors (#27). Wagtail offers "Copy" to anyone who may edit a
page: shopkeepers saw "Kopyala" on their business, and a copy would have been
a second business page without an owner. Job coaches edit no pages."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TO_GROUPS = ["Koordinationsteam", "Redaktion"]


def grant(apps, schema_editor):
    quartier = apps.get_app_config("quartier")
    quartier.models_module = True
    create_permissions(quartier, apps=apps, verbosity=0)
    quartier.models_module = None
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permission = Permission.objects.get(content_type__app_label="quartier", codename="copy_pages")
    for group in Group.objects.filter(name__in=TO_GROUPS):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("quartier", "0009_owners_and_job_coaches_do_not_translate_pages"),
        ("directory", "0004_roles_and_moderation_workflow"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="sitesettings",
            options={
                "permissions": [("copy_pages", "Can copy pages")],
                "verbose_name": "Website-Einstellungen",
            },
        ),
        # Reversed, nothing to undo: the code that asks for the permission goes with it.
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
