""" "Angabe falsch? Melden": the form on the profile, its spam protection, the
team's queue and mail, and the retention of the notes."""

import datetime
import io

import pytest

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from directory.models import BusinessPage
from freshness.models import ProfileReport

from ..directory.factories import coordinator, german  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("german")]


def report_url(business):
    return f"/angaben/melden/{business.pk}/"


def data(**changes):
    values = {"kind": "hours", "note": "Samstags erst ab 10 Uhr", "website": ""}
    values.update(changes)
    return values


def profile_fields(business):
    page = BusinessPage.objects.get(pk=business.pk)
    return (page.opening_hours, page.street, page.status, page.last_checked, page.live)


def test_profile_has_the_form_posting_to_the_report_view(client, business):
    html = client.get(business.url).text
    assert "<summary><h2" in html and "Angabe falsch? Melden</h2></summary>" in html
    assert f'action="{report_url(business)}"' in html
    section = html[html.index('<section class="section report" id="report"') :]
    section = section[: section.index("</section>")]
    assert 'name="csrfmiddlewaretoken" value="' in section
    for kind in ("hours", "address", "closed", "other"):
        assert f'value="{kind}"' in html
    assert '<label for="report-note">Hinweis (freiwillig)</label>' in html
    assert 'aria-describedby="report-note-help"' in html


def test_report_lands_in_the_queue_tells_the_team_and_changes_nothing(client, business, settings):
    settings.COORDINATION_EMAIL = "team@quartier.example"
    before = profile_fields(business)
    response = client.post(report_url(business), data(kind="closed"))
    assert response.status_code == 302
    assert response["Location"] == business.url + "#report"
    report = ProfileReport.objects.get()
    assert (report.business_id, report.kind, report.note, report.done) == (
        business.pk,
        "closed",
        "Samstags erst ab 10 Uhr",
        False,
    )
    assert profile_fields(business) == before
    [message] = mail.outbox
    assert message.to == ["team@quartier.example"]
    assert message.subject == "Angabe falsch gemeldet: „Bäckerei Sonne“"
    assert "Geschäft ist geschlossen" in message.body
    assert f"/admin/snippets/freshness/profilereport/edit/{report.pk}/" in message.body
    assert "Danke für Ihren Hinweis!" in client.get(response["Location"]).text


def test_report_from_the_turkish_page_reaches_the_team_in_german(client, business):
    # One page per business: the Turkish profile is the same page under /tr/.
    response = client.post(f"/tr/angaben/melden/{business.pk}/", data())
    assert response.status_code == 302
    assert response["Location"] == f"/tr{business.url}#report"
    assert mail.outbox[0].subject == "Angabe falsch gemeldet: „Bäckerei Sonne“"


def test_missing_choice_shows_an_accessible_error_summary(client, business):
    response = client.post(report_url(business), data(kind=""))
    assert response.status_code == 400
    assert not ProfileReport.objects.exists()
    html = response.text
    assert 'id="report-errors" role="alert" tabindex="-1" autofocus' in html
    assert (
        '<a href="#report-kind_0">Was stimmt nicht?: Bitte wählen Sie aus, was nicht stimmt.'
        in html
    )
    assert 'aria-describedby="report-kind-error"' in html
    assert 'id="report-kind-error"' in html
    # What the resident typed is kept.
    assert "Samstags erst ab 10 Uhr</textarea>" in html


def test_honeypot_report_is_dropped_with_the_same_answer(client, business):
    response = client.post(report_url(business), data(website="http://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == business.url + "#report"
    thanks = "Danke für Ihren Hinweis! Das Koordinationsteam prüft ihn."
    assert thanks in client.get(response["Location"]).text
    assert not ProfileReport.objects.exists()
    assert mail.outbox == []


def test_reports_are_rate_limited_per_address(client, business):
    for _ in range(5):
        assert client.post(report_url(business), data()).status_code == 302
    response = client.post(report_url(business), data())
    assert response.status_code == 429
    assert "Zu viele Meldungen" in response.text
    assert ProfileReport.objects.count() == 5
    other = client.post(report_url(business), data(), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_unknown_or_unpublished_business_is_404(client, business):
    assert client.post("/angaben/melden/999999/", data()).status_code == 404
    BusinessPage.objects.get(pk=business.pk).unpublish()
    assert client.post(report_url(business), data()).status_code == 404
    assert not ProfileReport.objects.exists()


def test_team_reads_reports_and_only_ticks_them_off(client, business):
    report = ProfileReport.objects.create(business=business, kind="address", note="Hausnr. 12")
    client.force_login(coordinator())
    listing = client.get("/admin/snippets/freshness/profilereport/")
    assert listing.status_code == 200
    assert "Adresse stimmt nicht" in listing.text
    inspect = client.get(f"/admin/snippets/freshness/profilereport/inspect/{report.pk}/")
    assert inspect.status_code == 200 and "Hausnr. 12" in inspect.text
    response = client.post(
        f"/admin/snippets/freshness/profilereport/edit/{report.pk}/",
        {"done": "on", "kind": "other", "note": "geändert"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.done, report.kind, report.note) == (True, "address", "Hausnr. 12")
    add = client.get("/admin/snippets/freshness/profilereport/add/")
    assert (add.status_code, add["Location"]) == (302, "/admin/")


def test_owners_cannot_see_the_reports(client, business, owner):
    ProfileReport.objects.create(business=business, kind="address", note="Hausnr. 12")
    client.force_login(owner)
    response = client.get("/admin/snippets/freshness/profilereport/")
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_reports_are_deleted_after_the_retention_period(business, settings, time_machine):
    settings.PROFILE_REPORT_RETENTION_DAYS = 180
    old = ProfileReport.objects.create(business=business, kind="other", note="Name: Ayşe")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=100))
    recent = ProfileReport.objects.create(business=business, kind="other", note="neu")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=80, minutes=1))
    out = io.StringIO()
    call_command("purge_profile_reports", "--dry-run", stdout=out)
    assert out.getvalue() == "1 report(s) would be deleted (older than 180 days).\n"
    assert ProfileReport.objects.count() == 2
    out = io.StringIO()
    call_command("purge_profile_reports", stdout=out)
    assert out.getvalue() == "1 report(s) deleted (older than 180 days).\n"
    assert list(ProfileReport.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not ProfileReport.objects.filter(pk=old.pk).exists()
