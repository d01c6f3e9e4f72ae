"""The data migrations that fill the report's history for rows stored before
it was recorded (reports 0002, directory 0006), run on today's models: each
assumption their docstrings state, row by row."""

import datetime
import importlib

import pytest

from django.apps import apps

from directory.models import BusinessJob, BusinessPage
from reports.models import BusinessState, PositionRecord, ProfileEdit

from ..clock import berlin
from ..directory.factories import (
    BusinessPageFactory,
    DistrictFactory,
    coordinator,
    make_directory,
    shopkeeper,
)
from ..jobs.factories import BusinessJobFactory

fill_history = importlib.import_module("reports.migrations.0002_history_of_existing_data")
job_created_at = importlib.import_module("directory.migrations.0006_job_created_at")


def stored(page, **values):
    BusinessPage.objects.filter(pk=page.pk).update(**values)


@pytest.mark.django_db
def test_existing_rows_get_a_history_on_the_stated_assumptions(home_page):
    directory = make_directory(home_page)
    district = DistrictFactory(slug="hochfeld", name="Hochfeld")
    active = BusinessPageFactory(
        parent=directory, district=district, last_checked=datetime.date(2026, 6, 1)
    )
    closed = BusinessPageFactory(parent=directory, district=district)
    offline = BusinessPageFactory(parent=directory, district=district)
    BusinessPageFactory(parent=directory, district=district, live=False)  # never online
    owner = shopkeeper(active)
    active.save_revision(user=owner)
    active.save_revision(user=coordinator())
    job = BusinessJobFactory(page=active, filled=True)
    # As stored before the history existed:
    for model in (BusinessState, ProfileEdit, PositionRecord):
        model.objects.all().delete()
    stored(
        active, first_published_at=berlin(2026, 9, 10, 12), last_published_at=berlin(2026, 10, 1)
    )
    stored(
        closed,
        status=BusinessPage.Status.CLOSED,
        first_published_at=berlin(2026, 9, 1),
        last_published_at=berlin(2026, 10, 20),
    )
    stored(
        offline,
        live=False,
        first_published_at=berlin(2026, 9, 5),
        last_published_at=berlin(2026, 9, 5),
        latest_revision_created_at=berlin(2026, 10, 3),
    )
    BusinessJob.objects.filter(pk=job.pk).update(
        created_at=None, posted_at=berlin(2026, 9, 12), filled_at=berlin(2026, 10, 2)
    )

    job_created_at.created_when_posted(apps, None)
    fill_history.fill_history(apps, None)

    states = list(
        BusinessState.objects.values_list("business_id", "state", "changed_at", "last_checked")
    )
    assert states == [
        (active.pk, "active", berlin(2026, 9, 10, 12), datetime.date(2026, 6, 1)),
        (closed.pk, "active", berlin(2026, 9, 1), None),
        (closed.pk, "closed", berlin(2026, 10, 20), None),
        (offline.pk, "active", berlin(2026, 9, 5), None),
        (offline.pk, "offline", berlin(2026, 10, 3), None),
    ]
    assert list(ProfileEdit.objects.values_list("business_id", "district_id")) == [
        (active.pk, district.pk)
    ]
    assert list(
        PositionRecord.objects.values_list("job_id", "district_id", "created_at", "filled_at")
    ) == [(job.pk, district.pk, berlin(2026, 9, 12), berlin(2026, 10, 2))]
