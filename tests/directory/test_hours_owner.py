"""The owner's side: the hours editor in the admin (no syntax typed) and the
temporary closure that takes effect at once."""

import datetime

import pytest

from django.core import mail

from wagtail.models import Page

from directory.models import BusinessPage
from quartier.clock import local_today

from .factories import (
    BusinessPageFactory,
    coordinator,
    german,  # noqa: F401  (fixture)
    make_directory,
    shopkeeper,
)
from .test_moderation import edit_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("german")]

HOURS = "Mo-Fr 09:00-18:00; Sa 10:00-14:00; PH off"


@pytest.fixture
def shops(home_page):
    directory = make_directory(home_page)
    a = BusinessPageFactory(parent=directory, title="Laden A", opening_hours=HOURS)
    b = BusinessPageFactory(parent=directory, title="Laden B", opening_hours=HOURS)
    for page in (a, b):
        page.save_revision().publish()
    return a, b


def editor_rows(week, holidays=True, exceptions=()):
    """The widget's inputs: week is 7 lists of (opens, closes)."""
    data = {"opening_hours-mode": "editor", "opening_hours-original": HOURS}
    for number, ranges in enumerate(week):
        if not ranges:
            data[f"opening_hours-{number}-closed"] = "on"
        for slot, (opens, closes) in enumerate(ranges):
            data[f"opening_hours-{number}-{slot}-opens"] = opens
            data[f"opening_hours-{number}-{slot}-closes"] = closes
    if holidays:
        data["opening_hours-holidays-closed"] = "on"
    data["opening_hours-ex-count"] = str(len(exceptions))
    for number, (start, end) in enumerate(exceptions):
        data[f"opening_hours-ex-{number}-start"] = start
        data[f"opening_hours-ex-{number}-end"] = end
        data[f"opening_hours-ex-{number}-closed"] = "on"
    return data


def post_edit(client, page, rows, action="action-submit"):
    data = edit_data(page, **{action: "1"})
    del data["opening_hours"]
    data.update(rows)
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def test_edit_screen_shows_the_rows_not_the_syntax(client, shops):
    page, _other = shops
    client.force_login(shopkeeper(page))
    html = client.get(f"/admin/pages/{page.pk}/edit/").text
    assert 'name="opening_hours-5-0-opens" value="10:00"' in html
    assert 'name="opening_hours-6-closed" data-hours-closed checked' in html
    assert "js/hours-editor.js" in html
    assert "Als Text (für Geübte)" in html
    assert "OpenStreetMap" not in html  # no jargon for the owner
    assert f'href="{closure_url(page)}"' in html  # "Vorübergehend geschlossen?"


def test_owner_submits_typed_times_and_a_vacation_for_moderation(client, shops):
    page, _other = shops
    client.force_login(shopkeeper(page))
    week = [[("9", "18")]] * 5 + [[("9.30", "16")], []]
    rows = editor_rows(week, exceptions=[("2026-12-27", "2027-01-09")])
    response = post_edit(client, page, rows)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"  # she stays on it
    page.refresh_from_db()
    assert page.opening_hours == HOURS  # live value unchanged until approved
    latest = page.get_latest_revision_as_object()
    assert latest.opening_hours == (
        "Mo-Fr 09:00-18:00; Sa 09:30-16:00; PH off; 2026 Dec 27-2027 Jan 09 off"
    )
    assert page.current_workflow_state is not None


def test_unchanged_rows_keep_the_stored_text(client, shops):
    page, _other = shops
    page.opening_hours = "Mo,Tu,We,Th,Fr 09:00-18:00; Sa 10:00-14:00; PH off"
    page.save_revision().publish()
    client.force_login(coordinator())
    week = [[("09:00", "18:00")]] * 5 + [[("10:00", "14:00")], []]
    rows = editor_rows(week)
    rows["opening_hours-original"] = page.opening_hours
    response = post_edit(client, page, rows, action="action-publish")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.opening_hours == "Mo,Tu,We,Th,Fr 09:00-18:00; Sa 10:00-14:00; PH off"


def test_a_wrong_time_names_the_day(client, shops):
    page, _other = shops
    client.force_login(shopkeeper(page))
    week = [[("9", "18")]] * 5 + [[("25", "16")], []]
    response = post_edit(client, page, editor_rows(week))
    assert response.status_code == 200
    assert "Samstag: „25“ ist keine Uhrzeit. Beispiel: 9 oder 9:30" in response.text
    # What was typed is shown again.
    assert 'name="opening_hours-5-0-opens" value="25"' in response.text


def test_a_value_the_rows_cannot_show_stays_text_for_the_team(client, shops):
    page, _other = shops
    page.opening_hours = 'Mo-Fr 09:00-18:00; Sa 10:00-14:00 "nach Vereinbarung"'
    page.save_revision().publish()
    client.force_login(coordinator())
    html = client.get(f"/admin/pages/{page.pk}/edit/").text
    assert "Diese Öffnungszeiten kann die Tabelle nicht darstellen." in html
    assert 'value="text" data-hours-mode checked' in html
    data = {"opening_hours-mode": "text", "opening_hours-text": "Mo-Fr 9-17; Sa 10-13 Uhr;"}
    response = post_edit(client, page, data, action="action-publish")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.opening_hours == "Mo-Fr 09:00-17:00; Sa 10:00-13:00"


def closure_url(page):
    return f"/admin/verzeichnis/geschaeft/{page.pk}/voruebergehend-geschlossen/"


def test_owner_closes_temporarily_at_once_and_the_team_is_told(client, shops, settings):
    settings.COORDINATION_EMAIL = "team@quartier.example"
    page, other = shops
    owner = shopkeeper(page)
    client.force_login(owner)
    # A pending change of the tagline must survive, unpublished.
    post_edit(
        client,
        page,
        {"tagline": "Neu im Angebot"}
        | editor_rows([[("09:00", "18:00")]] * 5 + [[("10:00", "14:00")], []]),
    )
    reopens = local_today() + datetime.timedelta(days=14)
    response = client.post(closure_url(page), {"closed": "on", "reopens_on": reopens.isoformat()})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    page.refresh_from_db()
    assert (page.status, page.reopens_on) == (BusinessPage.Status.TEMPORARILY_CLOSED, reopens)
    assert page.tagline != "Neu im Angebot"  # nothing else was published
    latest = page.get_latest_revision_as_object()
    assert (latest.tagline, latest.status) == ("Neu im Angebot", "temporarily_closed")
    assert page.current_workflow_state is not None  # still waiting for moderation
    assert page.pk not in BusinessPage.objects.live().listed().values_list("pk", flat=True)
    public = client.get(page.url).text
    assert "Vorübergehend geschlossen." in public
    assert [message.to for message in mail.outbox] == [["team@quartier.example"]]
    assert mail.outbox[0].subject == "Vorübergehend geschlossen: Laden A"
    assert closure_url(page) in mail.outbox[0].body
    # The team reverts it through the same form.
    client.force_login(coordinator())
    assert client.post(closure_url(page), {}).status_code == 302
    page.refresh_from_db()
    assert (page.status, page.reopens_on) == (BusinessPage.Status.ACTIVE, None)
    assert mail.outbox[1].subject == "Wieder geöffnet: Laden A"


def test_the_reopening_date_ends_the_closure_by_itself(shops):
    page, _other = shops
    today = local_today()
    BusinessPage.objects.filter(pk=page.pk).update(
        status=BusinessPage.Status.TEMPORARILY_CLOSED, reopens_on=today + datetime.timedelta(days=1)
    )
    page.refresh_from_db()
    assert page.is_temporarily_closed is True
    assert page.pk not in BusinessPage.objects.listed().values_list("pk", flat=True)
    tomorrow = today + datetime.timedelta(days=1)
    assert page.effective_status(tomorrow) == BusinessPage.Status.ACTIVE
    assert page.pk in BusinessPage.objects.listed(tomorrow).values_list("pk", flat=True)


def test_another_owner_is_refused(client, shops):
    page, other = shops
    client.force_login(shopkeeper(page))
    # The admin answers PermissionDenied with a redirect to its dashboard.
    for response in (
        client.get(closure_url(other)),
        client.post(closure_url(other), {"closed": "on"}),
    ):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    other.refresh_from_db()
    assert other.status == BusinessPage.Status.ACTIVE
    assert len(mail.outbox) == 0
    assert client.get(closure_url(page)).status_code == 200


def test_owner_still_cannot_publish_hours(client, shops):
    page, _other = shops
    client.force_login(shopkeeper(page))
    week = [[("08:00", "12:00")]] * 5 + [[], []]
    post_edit(client, page, editor_rows(week), action="action-publish")
    assert Page.objects.get(pk=page.pk).specific.opening_hours == HOURS


def test_reopening_date_must_be_in_the_future(client, shops):
    page, _other = shops
    client.force_login(shopkeeper(page))
    response = client.post(
        closure_url(page), {"closed": "on", "reopens_on": local_today().isoformat()}
    )
    assert response.status_code == 200
    assert "Bitte einen Tag nach heute wählen." in response.text
    page.refresh_from_db()
    assert page.status == BusinessPage.Status.ACTIVE


def test_reversed_hours_ask_whether_the_shop_is_open_overnight(client, shops):
    page, _other = shops
    client.force_login(shopkeeper(page))
    week = [[("9", "18")]] * 5 + [[("18", "9")], []]  # Saturday typed the wrong way round
    response = post_edit(client, page, editor_rows(week))
    assert response.status_code == 200  # asked, not saved
    html = response.text
    assert "Samstag: Die Schließzeit liegt vor der Öffnungszeit. Über Nacht geöffnet?" in html
    assert 'name="opening_hours-overnight"' in html
    assert 'name="opening_hours-5-0-opens" value="18"' in html  # what she typed stays
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().opening_hours == HOURS
    assert page.current_workflow_state is None

    confirmed = {**editor_rows(week), "opening_hours-overnight": "on"}
    assert post_edit(client, page, confirmed).status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().opening_hours == (
        "Mo-Fr 09:00-18:00; Sa 18:00-09:00; PH off"
    )


def test_hours_in_the_right_order_are_not_questioned(client, shops):
    page, _other = shops
    client.force_login(shopkeeper(page))
    week = [[("9", "18")]] * 5 + [[("10", "14")], []]
    response = post_edit(client, page, editor_rows(week))
    assert response.status_code == 302
