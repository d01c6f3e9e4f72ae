"""Shopkeeper ownership: one group per business with page-level permissions
(GroupPagePermission) and one image collection per business."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from quartier import roles

OWNER_PAGE_PERMISSIONS = ["change_page"]
OWNER_IMAGE_PERMISSIONS = ["add_customimage", "change_customimage", "choose_image"]


def owner_group_name(page):
    return f"Inhaber: {page.title} (#{page.pk})"[:150]


def business_collection(page):
    """The image collection that belongs to this business, created on demand."""
    root = Collection.get_first_root_node()
    name = f"Geschäft #{page.pk}: {page.title}"[:255]
    for child in root.get_children():
        if child.name.startswith(f"Geschäft #{page.pk}:"):
            return child
    return root.add_child(name=name)


@transaction.atomic
def owner_group_for(page):
    group = Group.objects.filter(
        name__startswith="Inhaber: ", name__endswith=f"(#{page.pk})"
    ).first()
    if group is None:
        group = Group.objects.create(name=owner_group_name(page))
    for codename in OWNER_PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    collection = business_collection(page)
    for codename in OWNER_IMAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="quartier", codename=codename)
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )
    return group


@transaction.atomic
def grant_ownership(user, page):
    """Lets `user` edit exactly this business page and its image collection."""
    group = owner_group_for(page)
    user.groups.add(group)
    shopkeepers = Group.objects.filter(name=roles.SHOPKEEPERS_GROUP).first()
    if shopkeepers is not None:
        user.groups.add(shopkeepers)
    return group
