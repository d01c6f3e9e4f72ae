"""Personal data leaves the site on schedule, and with it every trace in
Wagtail's audit log: purged registrations and handled claims keep no name in
the site history's labels."""

import datetime
import io

import pytest

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import ModelLogEntry

from blog.models import Registration
from directory.models import BusinessClaim
from quartier import roles

from ..blog.factories import EventIndexPageFactory, WorkshopPageFactory
from ..clock import berlin
from ..directory.factories import BusinessPageFactory, make_directory
from .test_roles import member_of

PERSON = {"name": "Past Person", "email": "past@privat.example", "phone": "0203 555"}


def traces(text):
    return [value for value in PERSON.values() if value in text]


def logged_labels():
    return " ".join(ModelLogEntry.objects.values_list("label", flat=True))


def label_as_before(instance):
    """Labels now name nobody (quartier.personal_data.object_label); entries
    logged before kept the name, and retention must still forget it."""
    ModelLogEntry.objects.filter(object_id=str(instance.pk)).update(label=instance.name)


@pytest.mark.clock
@pytest.mark.django_db
def test_purged_registrations_leave_no_name_in_the_audit_log(client, home_page, clock_at):
    clock_at(berlin(2026, 11, 26, 3, 30))
    now = timezone.now()
    past = now - datetime.timedelta(days=40)
    workshop = WorkshopPageFactory(
        parent=EventIndexPageFactory(parent=home_page),
        dates=[(past - datetime.timedelta(hours=2), past)],
    )
    registration = Registration.objects.create(workshop=workshop, places=1, **PERSON)
    removed = Registration.objects.create(
        workshop=workshop, places=1, name="Gone Person", email="gone@privat.example"
    )
    coordination = member_of("koordination", roles.COORDINATION_GROUP)
    client.force_login(coordination)
    edit = f"/admin/snippets/blog/registration/edit/{registration.pk}/"
    response = client.post(
        edit, {**PERSON, "workshop": workshop.pk, "places": 2, "note": "", "status": "confirmed"}
    )
    assert response.status_code == 302
    response = client.post(f"/admin/snippets/blog/registration/delete/{removed.pk}/")
    assert response.status_code == 302
    assert traces(logged_labels()) == []
    label_as_before(registration)
    label_as_before(removed)
    assert "Past Person" in logged_labels()
    assert "Gone Person" in logged_labels()
    client.get("/admin/")  # shows (and so ends) the "changed" messages naming them

    call_command("purge_registrations", stdout=io.StringIO())

    assert traces(logged_labels()) == []
    assert "Gone Person" not in logged_labels()
    history = client.get("/admin/reports/site-history/")
    assert history.status_code == 200
    assert traces(history.text) == []
    assert f"Anmeldung #{registration.pk}" in history.text


@pytest.mark.clock
@pytest.mark.django_db
def test_handled_claims_are_purged_after_retention(client, home_page, clock_at, settings):
    settings.CLAIM_RETENTION_DAYS = 90
    start = berlin(2026, 8, 1, 10)
    clock_at(start)
    business = BusinessPageFactory(parent=make_directory(home_page), title="Laden A")
    handled = BusinessClaim.objects.create(business=business, **PERSON)
    BusinessClaim.objects.create(  # still new: waits for the team, however old
        business=business, name="New Person", email="new@privat.example"
    )
    clock_at(start + datetime.timedelta(days=80))
    recent = BusinessClaim.objects.create(
        business=business, name="Recent Person", email="recent@privat.example"
    )
    coordination = member_of("koordination", roles.COORDINATION_GROUP)
    client.force_login(coordination)
    for claim in (handled, recent):
        response = client.post(
            f"/admin/snippets/directory/businessclaim/edit/{claim.pk}/",
            {"status": "rejected", "notes": ""},
        )
        assert response.status_code == 302
    assert traces(logged_labels()) == []
    label_as_before(handled)
    label_as_before(recent)
    assert "Past Person" in logged_labels()
    client.get("/admin/")  # shows (and so ends) the "changed" messages naming them

    clock_at(start + datetime.timedelta(days=91))
    out = io.StringIO()
    call_command("purge_claims", "--dry-run", stdout=out)
    assert out.getvalue() == "1 claims would be deleted.\n"
    assert BusinessClaim.objects.count() == 3

    out = io.StringIO()
    call_command("purge_claims", stdout=out)
    assert out.getvalue() == "1 claims deleted (handled, older than 90 days).\n"
    assert sorted(BusinessClaim.objects.values_list("name", flat=True)) == [
        "New Person",
        "Recent Person",
    ]
    assert traces(logged_labels()) == []
    assert "Recent Person" in logged_labels()
    history = client.get("/admin/reports/site-history/")
    assert traces(history.text) == []
    assert f"Inhaber-Anfrage #{handled.pk}" in history.text

    out = io.StringIO()
    call_command("purge_claims", "--days", "0", stdout=out)
    assert out.getvalue() == "1 claims deleted (handled, older than 0 days).\n"
    assert list(BusinessClaim.objects.values_list("name", flat=True)) == ["New Person"]
