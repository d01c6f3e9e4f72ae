"""Records the report's history (reports.models) as it happens: each change of
a business's state, each revision its owner saves, each position's creation
and filling. Two or three queries per save."""

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from wagtail.models import Page, Revision

from directory.models import BusinessJob, BusinessOwnership, BusinessPage
from quartier.i18n import default_content_language

from .models import BusinessState, PositionRecord, ProfileEdit


def state_of(live, status):
    if not live:
        return BusinessState.State.OFFLINE
    return status


def record_business_state(business_id):
    """Adds a row when the stored business's state differs from its last row."""
    stored = (
        BusinessPage.objects.filter(
            pk=business_id, locale__language_code=default_content_language()
        )
        .values("live", "status", "district_id", "last_checked")
        .first()
    )
    if stored is None:  # not a business, or a copy in another language tree
        return
    current = (
        state_of(stored["live"], stored["status"]),
        stored["district_id"],
        stored["last_checked"],
    )
    last = (
        BusinessState.objects.filter(business_id=business_id)
        .order_by("-changed_at", "-pk")
        .values_list("state", "district_id", "last_checked")
        .first()
    )
    if last is None and current[0] == BusinessState.State.OFFLINE:
        return  # a draft that was never online
    if last != current:
        BusinessState.objects.create(
            business_id=business_id,
            state=current[0],
            district_id=current[1],
            last_checked=current[2],
            changed_at=timezone.now(),
        )


def on_page_save(sender, instance, raw=False, **kwargs):
    # Unpublishing may save the page as a plain Page: the stored row decides.
    if not raw and (sender is BusinessPage or sender is Page):
        record_business_state(instance.pk)


def on_business_delete(sender, instance, **kwargs):
    if BusinessState.objects.filter(business_id=instance.pk).exists():
        BusinessState.objects.create(
            business_id=instance.pk,
            state=BusinessState.State.OFFLINE,
            district_id=instance.district_id,
            last_checked=instance.last_checked,
            changed_at=timezone.now(),
        )


def is_owner(user_id, page_id):
    """Whether the user owns the business (directory.BusinessOwnership)."""
    return BusinessOwnership.objects.filter(user_id=user_id, business_id=page_id).exists()


def on_revision_save(sender, instance, created=False, raw=False, **kwargs):
    if raw or not created or instance.user_id is None:
        return
    if instance.base_content_type_id != _page_content_type_id():
        return
    page_id = int(instance.object_id)
    business = (
        BusinessPage.objects.filter(pk=page_id, locale__language_code=default_content_language())
        .values("district_id")
        .first()
    )
    if business is not None and is_owner(instance.user_id, page_id):
        ProfileEdit.objects.create(
            business_id=page_id, district_id=business["district_id"], edited_at=instance.created_at
        )


def _page_content_type_id():
    return ContentType.objects.get_for_model(Page).pk


def on_position_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    stored = (
        BusinessJob.objects.filter(
            pk=instance.pk, page__locale__language_code=default_content_language()
        )
        .values("page_id", "page__district_id", "created_at", "filled_at")
        .first()
    )
    if stored is None:
        return
    record = PositionRecord.objects.filter(pk=instance.pk).first()
    if record is None:
        PositionRecord.objects.create(
            job_id=instance.pk,
            business_id=stored["page_id"],
            district_id=stored["page__district_id"],
            created_at=stored["created_at"],
            filled_at=stored["filled_at"],
        )
    elif record.filled_at != stored["filled_at"]:
        # A position unmarked as filled is open again: its filling is undone.
        record.filled_at = stored["filled_at"]
        record.save(update_fields=["filled_at"])


def connect():
    post_save.connect(on_page_save, sender=BusinessPage, dispatch_uid="reports_business_save")
    post_save.connect(on_page_save, sender=Page, dispatch_uid="reports_page_save")
    post_delete.connect(
        on_business_delete, sender=BusinessPage, dispatch_uid="reports_business_delete"
    )
    post_save.connect(on_revision_save, sender=Revision, dispatch_uid="reports_revision_save")
    post_save.connect(on_position_save, sender=BusinessJob, dispatch_uid="reports_position_save")
