"""Fills the report's history for what existed before it was recorded.

Assumptions (nothing better is stored): a business was online from its first
publication; one that is now paused, closed or unpublished changed to that
state at its last publication (unpublished ones: at their last revision if
later); "Zuletzt geprüft" and the district had their present values
throughout. Owners' own edits are the revisions of a business saved by
one of its owners today (directory.BusinessOwnership, filled from the old
owner groups by directory 0008). Positions were created when they were posted
(directory 0006) and filled when their filled_at says."""

from django.conf import settings
from django.db import migrations

ACTIVE, OFFLINE = "active", "offline"


def source_language():
    from wagtail.coreutils import get_supported_content_language_variant

    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def fill_history(apps, schema_editor):
    BusinessPage = apps.get_model("directory", "BusinessPage")
    BusinessJob = apps.get_model("directory", "BusinessJob")
    BusinessState = apps.get_model("reports", "BusinessState")
    ProfileEdit = apps.get_model("reports", "ProfileEdit")
    PositionRecord = apps.get_model("reports", "PositionRecord")
    BusinessOwnership = apps.get_model("directory", "BusinessOwnership")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")

    language = source_language()
    businesses = BusinessPage.objects.filter(
        locale__language_code=language, first_published_at__isnull=False
    ).values(
        "pk",
        "live",
        "status",
        "district_id",
        "last_checked",
        "first_published_at",
        "last_published_at",
        "latest_revision_created_at",
    )
    states = []
    for business in businesses:
        common = {
            "business_id": business["pk"],
            "district_id": business["district_id"],
            "last_checked": business["last_checked"],
        }
        first = business["first_published_at"]
        states.append(BusinessState(state=ACTIVE, changed_at=first, **common))
        state = business["status"] if business["live"] else OFFLINE
        if state != ACTIVE:
            moments = [business["last_published_at"] or first]
            if not business["live"] and business["latest_revision_created_at"]:
                moments.append(business["latest_revision_created_at"])
            states.append(BusinessState(state=state, changed_at=max(moments), **common))
    BusinessState.objects.bulk_create(states, batch_size=500)

    districts = dict(
        BusinessPage.objects.filter(locale__language_code=language).values_list(
            "pk", "district_id"
        )
    )
    owners = set(
        BusinessOwnership.objects.filter(business_id__in=list(districts)).values_list(
            "user_id", "business_id"
        )
    )
    content_type = ContentType.objects.filter(app_label="directory", model="businesspage").first()
    edits = []
    if content_type is not None:
        revisions = Revision.objects.filter(
            content_type=content_type, user__isnull=False
        ).values_list("object_id", "user_id", "created_at")
        for object_id, user_id, created_at in revisions.iterator():
            page_id = int(object_id)
            if page_id in districts and (user_id, page_id) in owners:
                edits.append(
                    ProfileEdit(
                        business_id=page_id, district_id=districts[page_id], edited_at=created_at
                    )
                )
    ProfileEdit.objects.bulk_create(edits, batch_size=500)

    positions = BusinessJob.objects.filter(page__locale__language_code=language).values_list(
        "pk", "page_id", "page__district_id", "created_at", "posted_at", "filled_at"
    )
    PositionRecord.objects.bulk_create(
        [
            PositionRecord(
                job_id=pk,
                business_id=page_id,
                district_id=district_id,
                created_at=created_at or posted_at,
                filled_at=filled_at,
            )
            for pk, page_id, district_id, created_at, posted_at, filled_at in positions
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("directory", "0006_job_created_at"),
        ("directory", "0008_ownership_from_owner_groups"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(fill_history, migrations.RunPython.noop)]
