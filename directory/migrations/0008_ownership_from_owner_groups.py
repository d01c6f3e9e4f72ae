"""Carries existing owners over: every group named "Inhaber: …" with the
right to change a business page becomes that business's linked owner group,
and each of its members an owner (BusinessOwnership). The page is the group's
own business (the "(#id)" in its name) when it has that right on it, else
the first original page (German tree, not an alias) it may change."""

import re

from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations

OLD_NAME_ID = re.compile(r"\(#(\d+)\)$")


COORDINATION_GROUP = "Koordinationsteam"
OWNERSHIP_PERMISSIONS = [
    "add_businessownership",
    "view_businessownership",
    "delete_businessownership",
]


def grant_coordination(apps):
    """The coordination team adds and removes owners in the admin."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="directory", codename__in=OWNERSHIP_PERMISSIONS
    )
    for group in Group.objects.filter(name=COORDINATION_GROUP):
        group.permissions.add(*permissions)


def forwards(apps, schema_editor):
    grant_coordination(apps)
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    BusinessPage = apps.get_model("directory", "BusinessPage")
    BusinessOwnerGroup = apps.get_model("directory", "BusinessOwnerGroup")
    BusinessOwnership = apps.get_model("directory", "BusinessOwnership")
    User = apps.get_model(settings.AUTH_USER_MODEL)

    # Originals only: not aliases, not pages of another language's tree.
    business_ids = set(
        BusinessPage.objects.filter(
            alias_of__isnull=True, locale__language_code=settings.LANGUAGE_CODE.split("-")[0]
        ).values_list("pk", flat=True)
    )
    linked = set(BusinessOwnerGroup.objects.values_list("business_id", flat=True))
    for group in Group.objects.filter(name__startswith="Inhaber: ").order_by("pk"):
        pages = sorted(
            set(
                GroupPagePermission.objects.filter(
                    group=group, permission__codename="change_page"
                ).values_list("page_id", flat=True)
            )
            & business_ids
        )
        if not pages:
            continue
        match = OLD_NAME_ID.search(group.name)
        business_id = int(match.group(1)) if match and int(match.group(1)) in pages else pages[0]
        for user_id in User.objects.filter(groups=group).values_list("pk", flat=True):
            BusinessOwnership.objects.get_or_create(user_id=user_id, business_id=business_id)
        if business_id in linked:
            continue
        collection = Collection.objects.filter(name__startswith=f"Geschäft #{business_id}:").first()
        BusinessOwnerGroup.objects.create(
            business_id=business_id, group=group, collection=collection
        )
        linked.add(business_id)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0007_business_ownership"),
        ("directory", "0004_roles_and_moderation_workflow"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
