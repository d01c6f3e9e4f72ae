import datetime
import io

import pytest

from django.core.management import CommandError, call_command
from django.utils import timezone

from blog.models import Registration

from ..clock import berlin
from .factories import EventIndexPageFactory, WorkshopPageFactory


def make_registration(workshop, email):
    return Registration.objects.create(
        workshop=workshop, name="Person", email=email, phone="0203 1", note="Notiz", places=2
    )


@pytest.mark.clock
@pytest.mark.django_db
def test_purge_anonymises_only_old_workshops(home_page, settings, clock_at):
    settings.REGISTRATION_RETENTION_DAYS = 30
    events = EventIndexPageFactory(parent=home_page)
    clock_at(berlin(2026, 11, 26, 3, 30))  # when cron runs it
    now = timezone.now()
    old = WorkshopPageFactory(
        parent=events,
        dates=[(now - datetime.timedelta(days=31, hours=2), now - datetime.timedelta(days=31))],
    )
    recent = WorkshopPageFactory(
        parent=events,
        dates=[(now - datetime.timedelta(days=29, hours=2), now - datetime.timedelta(days=29))],
    )
    # A series is only over after its last session.
    series = WorkshopPageFactory(
        parent=events,
        dates=[
            (now - datetime.timedelta(days=60, hours=2), now - datetime.timedelta(days=60)),
            (now - datetime.timedelta(days=5, hours=2), now - datetime.timedelta(days=5)),
        ],
    )
    gone = make_registration(old, "old@example.org")
    kept = make_registration(recent, "recent@example.org")
    kept_series = make_registration(series, "series@example.org")

    out = io.StringIO()
    call_command("purge_registrations", "--dry-run", stdout=out)
    assert "1 registrations would be anonymised" in out.getvalue()
    gone.refresh_from_db()
    assert gone.email == "old@example.org"

    out = io.StringIO()
    call_command("purge_registrations", stdout=out)
    assert "1 registrations anonymised" in out.getvalue()
    gone.refresh_from_db()
    assert (gone.name, gone.email, gone.phone, gone.note) == ("", "", "", "")
    assert gone.anonymised_at is not None
    assert gone.places == 2  # numbers stay for the programme's reports
    kept.refresh_from_db()
    kept_series.refresh_from_db()
    assert kept.email == "recent@example.org"
    assert kept_series.email == "series@example.org"

    # Idempotent; a shorter retention reaches the recent workshop too.
    call_command("purge_registrations", "--days", "28", stdout=io.StringIO())
    kept.refresh_from_db()
    assert kept.email == ""
    kept_series.refresh_from_db()
    assert kept_series.email == "series@example.org"


@pytest.mark.django_db
def test_purge_refuses_negative_days():
    with pytest.raises(CommandError):
        call_command("purge_registrations", "--days", "-1", stdout=io.StringIO())
