"""Shopkeepers and job coaches no longer get Wagtail's "Translate" (simple
translation) for pages: a business exists once and keeps its texts in other
languages on the page itself, so the action offered them only an error
(ParentNotTranslatedError) or a refusal. The coordination team and the editors
keep it for editorial pages."""

from django.db import migrations

FROM_GROUPS = ["Geschäftsinhaber", "Jobcoaches"]


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permission = Permission.objects.filter(
        content_type__app_label="simple_translation", codename="submit_translation"
    ).first()
    if permission is not None:
        for group in Group.objects.filter(name__in=FROM_GROUPS):
            group.permissions.remove(permission)


def grant(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    permission = Permission.objects.filter(
        content_type__app_label="simple_translation", codename="submit_translation"
    ).first()
    if permission is not None:
        for group in Group.objects.filter(name__in=FROM_GROUPS):
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("quartier", "0008_image_alt_text_optional")]

    operations = [migrations.RunPython(revoke, grant)]
