"""Role groups (coordination team, editors, shopkeepers) with their permissions,
and the moderation workflow that every business profile goes through.

Runs on an empty database too: page permissions are granted on the site's home
page (created by quartier's migration 0003), or on the tree root if none exists."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

COORDINATION_GROUP = "Koordinationsteam"
EDITORS_GROUP = "Redaktion"
SHOPKEEPERS_GROUP = "Geschäftsinhaber"
WORKFLOW_NAME = "Prüfung durch das Koordinationsteam"
TASK_NAME = "Freigabe durch das Koordinationsteam"

COORDINATION_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
    "delete_page",
]
EDITORS_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]
# Wagtail checks image permissions against wagtailimages.Image, also for a custom image model.
IMAGE_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtailimages", "choose_image"),
]
DOCUMENT_PERMISSIONS = [
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
    ("wagtaildocs", "choose_document"),
]
COORDINATION_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("users", "add_user"),
    ("users", "change_user"),
    ("users", "view_user"),
    *[
        ("directory", f"{action}_{model}")
        for model in ("district", "category", "language", "paymentmethod")
        for action in ("add", "change", "delete", "view")
    ],
    ("directory", "manage_listing"),
    ("directory", "change_businessclaim"),
    ("directory", "view_businessclaim"),
    ("directory", "delete_businessclaim"),
]


def ensure_permissions(apps):
    """Model permissions are normally created after all migrations ran; create
    them now so this migration can assign them on a fresh database."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def anchor_page(apps):
    Site = apps.get_model("wagtailcore", "Site")
    Page = apps.get_model("wagtailcore", "Page")
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        return Page.objects.get(pk=site.root_page_id)
    return Page.objects.filter(depth=1).first()


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Collection = apps.get_model("wagtailcore", "Collection")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    DirectoryIndexPage = apps.get_model("directory", "DirectoryIndexPage")

    ensure_permissions(apps)
    coordination, _ = Group.objects.get_or_create(name=COORDINATION_GROUP)
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    shopkeepers, _ = Group.objects.get_or_create(name=SHOPKEEPERS_GROUP)

    access_admin = permission(apps, "wagtailadmin", "access_admin")
    for group in (coordination, editors, shopkeepers):
        group.permissions.add(access_admin)
    for app_label, codename in COORDINATION_MODEL_PERMISSIONS:
        perm = permission(apps, app_label, codename)
        if perm is not None:
            coordination.permissions.add(perm)

    page = anchor_page(apps)
    if page is not None:
        for group, codenames in (
            (coordination, COORDINATION_PAGE_PERMISSIONS),
            (editors, EDITORS_PAGE_PERMISSIONS),
        ):
            for codename in codenames:
                perm = permission(apps, "wagtailcore", codename)
                GroupPagePermission.objects.get_or_create(group=group, page=page, permission=perm)

    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for group, perms in (
            (coordination, IMAGE_PERMISSIONS + DOCUMENT_PERMISSIONS),
            (editors, IMAGE_PERMISSIONS + DOCUMENT_PERMISSIONS),
        ):
            for app_label, codename in perms:
                perm = permission(apps, app_label, codename)
                if perm is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=perm
                    )

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            content_type, _ = ContentType.objects.get_or_create(
                app_label="wagtailcore", model="groupapprovaltask"
            )
            task = GroupApprovalTask.objects.create(
                name=TASK_NAME, active=True, content_type=content_type
            )
        task.groups.add(coordination)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for directory in DirectoryIndexPage.objects.all():
        WorkflowPage.objects.get_or_create(page_id=directory.pk, defaults={"workflow": workflow})


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    Group.objects.filter(name__in=[COORDINATION_GROUP, EDITORS_GROUP, SHOPKEEPERS_GROUP]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_businessclaim_opening_hours_validation"),
        ("quartier", "0003_create_homepage"),
        ("users", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="businesspage",
            options={
                "permissions": [
                    ("manage_listing", "Can set status, featured flag and external id")
                ],
                "verbose_name": "Geschäftsprofil",
                "verbose_name_plural": "Geschäftsprofile",
            },
        ),
        migrations.RunPython(create_roles, remove_roles),
    ]
