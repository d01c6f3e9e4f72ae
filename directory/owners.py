"""Shopkeeper ownership: one group per business with page-level permissions
(GroupPagePermission) and one image collection per business."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import translation

from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission
from wagtail.users.models import UserProfile

from quartier import roles
from quartier.site_address import base_url
from quartier.text import one_line

OWNER_PAGE_PERMISSIONS = ["change_page"]
# Wagtail checks image permissions against wagtailimages.Image, also for a custom image model.
OWNER_IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]


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
        permission = Permission.objects.get(
            content_type__app_label="wagtailimages", codename=codename
        )
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


MODERATION_WORKFLOW_NAME = "Prüfung durch das Koordinationsteam"
MODERATION_TASK_NAME = "Freigabe durch das Koordinationsteam"


def moderation_workflow():
    """The workflow every business profile goes through, created on demand
    (the data migration creates it too; this keeps a fresh or wiped DB working)."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowTask

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
    from wagtail.models import WorkflowPage

    if directory_page.pk is None or WorkflowPage.objects.filter(page=directory_page).exists():
        return
    WorkflowPage.objects.create(page=directory_page, workflow=moderation_workflow())


def is_coordinator(user):
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=roles.COORDINATION_GROUP).exists()
    )


def password_set_url(user):
    """A one-time link to the admin's "set a new password" form."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    path = reverse(
        "wagtailadmin_password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url() + path


def unique_username(email):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    base = email.split("@", 1)[0][:140] or "inhaber"
    candidate, number = base, 1
    while User.objects.filter(username=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


@transaction.atomic
def invite_owner(page, email, language=None):
    """Creates or reuses the account for `email`, lets it edit exactly `page`
    and sends an invitation with a link to set a password. Returns (user, created).

    The mail is in the owner's language: `language` (which also becomes the
    language of their admin), else the one their account chose, else German."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail
    from django.template.loader import render_to_string

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
    }
    with translation.override(profile.get_preferred_language()):
        subject = one_line(render_to_string("emails/directory/invitation_subject.txt", context))
        body = render_to_string("emails/directory/invitation.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return user, created


def owned_businesses(user):
    """The business pages this user may edit through an owner group."""
    from .models import BusinessPage

    page_ids = GroupPagePermission.objects.filter(
        group__in=user.groups.filter(name__startswith="Inhaber: "),
        permission__codename="change_page",
    ).values_list("page_id", flat=True)
    return list(BusinessPage.objects.filter(pk__in=page_ids).order_by("title"))


def owners_by_business(pages):
    """{page id: [active owner accounts]} for these business pages, in one query."""
    from django.contrib.auth import get_user_model
    from django.db.models import F

    users = (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name__startswith="Inhaber: ",
            groups__page_permissions__permission__codename="change_page",
            groups__page_permissions__page__in=[page.pk for page in pages],
        )
        .annotate(owned_page_id=F("groups__page_permissions__page_id"))
        .order_by("pk")
    )
    owners = {}
    for user in users:
        owners.setdefault(user.owned_page_id, []).append(user)
    return owners
