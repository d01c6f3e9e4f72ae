"""Shopkeeper ownership: BusinessOwnership records who owns which business;
one group per business (linked by BusinessOwnerGroup, never found by name)
carries the page-level permissions, and one image collection per business."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.users.models import UserProfile

from quartier import roles
from quartier.site_address import base_url
from quartier.text import one_line

from .models import BusinessOwnerGroup, BusinessOwnership, BusinessPage

OWNER_PAGE_PERMISSIONS = ["change_page"]
# Wagtail checks image permissions against wagtailimages.Image, also for a custom image model.
OWNER_IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]


def owner_group_name(page):
    # Unique by the id in front, however long the title; only a label for the admin.
    return f"Inhaber #{page.pk}: {one_line(page.title)}"[:150]


def business_collection_name(page):
    return f"Geschäft #{page.pk}: {one_line(page.title)}"[:255]


def _owner_link(page):
    return (
        BusinessOwnerGroup.objects.select_related("group", "collection")
        .filter(business=page)
        .first()
    )


def business_collection(page):
    """The image collection that belongs to this business, created on demand."""
    return owner_link_for(page).collection


def owner_group_for(page):
    """The group that carries `page`'s owner permissions, created on demand."""
    return owner_link_for(page).group


@transaction.atomic
def owner_link_for(page):
    """The link to the group and collection that carry `page`'s owner
    permissions, created (or completed) on demand; their labels follow the title."""
    link = _owner_link(page)
    if link is None:
        group = Group.objects.create(name=owner_group_name(page))
        link = BusinessOwnerGroup.objects.create(business=page, group=group)
    elif link.group.name != owner_group_name(page):
        link.group.name = owner_group_name(page)
        link.group.save(update_fields=["name"])
    if link.collection is None:
        root = Collection.get_first_root_node()
        link.collection = root.add_child(name=business_collection_name(page))
        link.save(update_fields=["collection"])
    elif link.collection.name != business_collection_name(page):
        link.collection.name = business_collection_name(page)
        link.collection.save(update_fields=["name"])
    for codename in OWNER_PAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(
            group=link.group, page=page, permission=permission
        )
    for codename in OWNER_IMAGE_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailimages", codename=codename
        )
        GroupCollectionPermission.objects.get_or_create(
            group=link.group, collection=link.collection, permission=permission
        )
    return link


@transaction.atomic
def grant_ownership(user, page):
    """Makes `user` an owner of exactly this business page: the ownership
    record, and membership of the groups that let them edit it and its images."""
    ownership, _created = BusinessOwnership.objects.get_or_create(user=user, business=page)
    return join_owner_group(ownership)


def join_owner_group(ownership):
    group = owner_group_for(ownership.business)
    ownership.user.groups.add(group)
    shopkeepers = Group.objects.filter(name=roles.SHOPKEEPERS_GROUP).first()
    if shopkeepers is not None:
        ownership.user.groups.add(shopkeepers)
    return group


def on_ownership_saved(sender, instance, created, raw=False, **kwargs):
    """A record added in the admin grants the permissions as grant_ownership does."""
    if created and not raw:
        join_owner_group(instance)


@transaction.atomic
def revoke_ownership(user, page):
    """Takes `page` away from `user` (also what deleting the record in the admin does)."""
    BusinessOwnership.objects.filter(user=user, business=page).delete()
    link = _owner_link(page)
    if link is not None:
        user.groups.remove(link.group)


def on_ownership_deleted(sender, instance, **kwargs):
    """Keeps group membership in step when a record is deleted (admin, cascade)."""
    link = BusinessOwnerGroup.objects.filter(business_id=instance.business_id).first()
    if link is not None:
        link.group.user_set.remove(instance.user_id)


MODERATION_WORKFLOW_NAME = "Prüfung durch das Koordinationsteam"
MODERATION_TASK_NAME = "Freigabe durch das Koordinationsteam"


def moderation_workflow():
    """The workflow every business profile goes through, created on demand
    (the data migration creates it too; this keeps a fresh or wiped DB working)."""
    workflow, _created = Workflow.objects.get_or_create(name=MODERATION_WORKFLOW_NAME)
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.filter(name=MODERATION_TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=MODERATION_TASK_NAME)
        coordination = Group.objects.filter(name=roles.COORDINATION_GROUP).first()
        if coordination is not None:
            task.groups.add(coordination)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def assign_moderation_workflow(directory_page):
    """Puts a directory index page (and so all its business profiles) under moderation."""
    if directory_page.pk is None or WorkflowPage.objects.filter(page=directory_page).exists():
        return
    WorkflowPage.objects.create(page=directory_page, workflow=moderation_workflow())


def is_coordinator(user):
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=roles.COORDINATION_GROUP).exists()
    )


def password_set_url(user):
    """A one-time link to the admin's "set a new password" form."""
    path = reverse(
        "wagtailadmin_password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url() + path


def unique_username(email):
    User = get_user_model()
    base = email.split("@", 1)[0][:140] or "inhaber"
    candidate, number = base, 1
    while User.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


def invitation_language(page):
    """The language to invite the owner of `page` in: the first of the
    languages spoken there (in their order) that the site offers, else the
    site's language."""
    offered = {code for code, _name in settings.LANGUAGES}
    for code in page.languages.order_by("sort_order", "code").values_list("code", flat=True):
        if code in offered:
            return code
    return settings.LANGUAGE_CODE


def business_language(page):
    """The language to write to `page`'s business in: the admin language its
    first owner chose, else the one it would be invited in."""
    ownership = (
        BusinessOwnership.objects.filter(business=page, user__is_active=True)
        .select_related("user__wagtail_userprofile")
        .order_by("user_id")
        .first()
    )
    profile = getattr(ownership.user, "wagtail_userprofile", None) if ownership else None
    if profile is not None and profile.preferred_language:
        return profile.get_preferred_language()
    return invitation_language(page)


@transaction.atomic
def invite_owner(page, email, language=None):
    """Creates or reuses the account for `email`, lets it edit exactly `page`
    and sends an invitation with a link to set a password. Returns (user, created).

    The mail is in the owner's language: `language` (which also becomes the
    language of their admin), else the one their account chose, else German."""
    User = get_user_model()
    email = User.objects.normalize_email(email.strip())
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    created = user is None
    if created:
        user = User(username=unique_username(email), email=email, is_active=True)
        user.set_unusable_password()
        user.save()
    grant_ownership(user, page)
    profile = UserProfile.get_for_user(user)
    if language:
        profile.preferred_language = language
        profile.save(update_fields=["preferred_language"])
    context = {
        "user": user,
        "page": page,
        "password_url": password_set_url(user),
        "admin_url": base_url() + "/admin/",
        "created": created,
        "guide_url": _owner_guide_url(profile.get_preferred_language()),
    }
    with translation.override(profile.get_preferred_language()):
        subject = one_line(render_to_string("emails/directory/invitation_subject.txt", context))
        body = render_to_string("emails/directory/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return user, created


def _owner_guide_url(language):
    """The owners' guide (PDF) in `language`, when an app serves it (outreach
    registers the admin URL by this name); None otherwise."""
    try:
        return base_url() + reverse("outreach_owner_guide_language", args=[language])
    except NoReverseMatch:
        return None


def request_owned_businesses(request):
    """`owned_businesses` of the request's user, looked up once per request (the
    admin's start page asks for it from several panels)."""
    if not hasattr(request, "_owned_businesses"):
        request._owned_businesses = owned_businesses(request.user)
    return request._owned_businesses


def owned_businesses(user):
    """The business pages `user` owns, by title."""
    return list(BusinessPage.objects.filter(ownerships__user=user).order_by("title"))


def owners_by_business(pages):
    """{page id: [active owner accounts]} for these business pages, in one query."""
    owners = {}
    for ownership in (
        BusinessOwnership.objects.filter(business__in=list(pages), user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    ):
        owners.setdefault(ownership.business_id, []).append(ownership.user)
    return owners
