import datetime

import icalendar
import pytest

from django.core import mail
from django.utils import timezone

from blog.models import Registration
from blog.registration import RegistrationError, cancel, register
from quartier.models import SiteSettings, StandardPage

from .factories import EventIndexPageFactory, WorkshopPageFactory, at


@pytest.fixture
def events(home_page):
    return EventIndexPageFactory(parent=home_page)


@pytest.fixture
def workshop(events):
    return WorkshopPageFactory(parent=events, title="Smartphone-Kurs", capacity=3)


def form_data(**overrides):
    data = {
        "name": "Ayşe Demir",
        "email": "ayse@example.org",
        "phone": "",
        "places": "1",
        "note": "",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def post(client, workshop, address="10.0.0.1", **overrides):
    return client.post(workshop.url, form_data(**overrides), REMOTE_ADDR=address)


@pytest.mark.django_db
def test_workshop_page_shows_form_with_privacy_link(client, workshop, home_page):
    privacy = StandardPage(title="Datenschutz", slug="datenschutz")
    home_page.add_child(instance=privacy)
    site_settings = SiteSettings.load()
    site_settings.privacy_page = privacy
    site_settings.save()
    response = client.get(workshop.url)
    assert response.status_code == 200
    text = response.text
    assert 'for="registration-consent"' in text
    assert 'href="/datenschutz/"' in text
    assert "Es sind noch 3 Plätze frei." in text
    assert "Stadtteilbüro Hochfeld" in text


@pytest.mark.django_db
def test_happy_path_confirms_and_emails_ics(client, workshop):
    response = post(client, workshop, places="2", note="Ich bringe mein Handy mit.")
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert response["Location"].endswith(f"/workshop-anmeldung/{registration.token}/")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.places == 2
    assert registration.consent_at is not None

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ayse@example.org"]
    assert "Smartphone-Kurs" in message.subject
    assert "Stadtteilbüro Hochfeld" in message.body
    assert str(registration.token) in message.body
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    event = calendar.walk("VEVENT")[0]
    assert event.decoded("dtstart") == at(10, 10)
    # Calendars carry UTC times (no VTIMEZONE for ical.js to misread): the same instant.
    assert str(event.decoded("dtstart").tzinfo) == "UTC"

    detail = client.get(response["Location"])
    assert "Sie sind angemeldet: 2 Plätze sind für Sie reserviert." in detail.text
    page = client.get(workshop.url)
    assert "Es ist noch 1 Platz frei." in page.text


@pytest.mark.django_db
def test_phone_only_registration_needs_no_email(client, workshop):
    response = post(client, workshop, email="", phone="0203 123456")
    assert response.status_code == 302
    assert Registration.objects.get().phone == "0203 123456"
    assert mail.outbox == []


@pytest.mark.django_db
def test_full_workshop_goes_to_waitlist_and_says_so(client, workshop):
    assert post(client, workshop, email="a@example.org", places="3").status_code == 302
    page = client.get(workshop.url)
    assert "ausgebucht" in page.text
    assert "Warteliste" in page.text

    response = post(client, workshop, address="10.0.0.2", email="b@example.org")
    waiting = Registration.objects.get(email="b@example.org")
    assert waiting.status == Registration.Status.WAITLISTED
    assert "Sie stehen auf der Warteliste" in client.get(response["Location"]).text
    assert "Warteliste" in mail.outbox[-1].subject
    assert mail.outbox[-1].attachments == []


@pytest.mark.django_db
def test_cancellation_frees_place_and_moves_waitlist_up(client, workshop):
    first = register(workshop, name="A", email="a@example.org", places=3)
    second = register(workshop, name="B", email="b@example.org", places=2)
    third = register(workshop, name="C", email="c@example.org", places=1)
    assert second.status == third.status == Registration.Status.WAITLISTED
    mail.outbox.clear()

    url = f"/workshop-anmeldung/{first.token}/"
    response = client.post(url)
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    # Both fit into the three freed places, in the order they registered.
    assert second.status == Registration.Status.CONFIRMED
    assert third.status == Registration.Status.CONFIRMED
    assert sorted(message.to[0] for message in mail.outbox) == ["b@example.org", "c@example.org"]
    assert all("frei geworden" in message.subject for message in mail.outbox)
    assert "storniert" in client.get(url).text

    # Cancelling twice changes nothing.
    assert client.post(url).status_code == 302
    assert Registration.objects.filter(status=Registration.Status.CONFIRMED).count() == 2


@pytest.mark.django_db
def test_waitlist_promotion_skips_a_group_too_large_for_the_gap(workshop):
    first = register(workshop, name="A", email="a@example.org", places=1)
    register(workshop, name="B", email="b@example.org", places=2)
    big = register(workshop, name="C", email="c@example.org", places=3)
    small = register(workshop, name="D", email="d@example.org", places=1)
    assert big.status == small.status == Registration.Status.WAITLISTED
    promoted = cancel(first)
    assert [registration.pk for registration in promoted] == [small.pk]
    big.refresh_from_db()
    assert big.status == Registration.Status.WAITLISTED


@pytest.mark.django_db
def test_unknown_cancellation_token_is_404(client):
    assert (
        client.get("/workshop-anmeldung/00000000-0000-0000-0000-000000000000/").status_code == 404
    )
    assert client.get("/workshop-anmeldung/kein-token/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "", "phone": ""}, "email", "E-Mail-Adresse oder eine Telefonnummer"),
        ({"places": "0"}, "places", "mindestens einen Platz"),
        ({"places": "-2"}, "places", "mindestens einen Platz"),
        ({"places": "zwei"}, "places", "ganze Zahl"),
        ({"places": "11"}, "places", "höchstens 10"),
        ({"consent": ""}, "consent", "Einwilligung"),
        ({"name": ""}, "name", ""),
        ({"email": "keine-adresse"}, "email", ""),
    ],
)
def test_bad_input_is_shown_on_the_field_and_nothing_saved(
    client, workshop, overrides, field, message
):
    response = post(client, workshop, **overrides)
    assert response.status_code == 200
    assert Registration.objects.count() == 0
    text = response.text
    assert f'id="registration-{field}-error"' in text
    assert f'aria-describedby="registration-{field}-error' in text
    assert 'aria-invalid="true"' in text
    assert message in text
    # What the person typed is still there.
    if field != "name":
        assert 'value="Ayşe Demir"' in text


@pytest.mark.django_db
def test_too_many_places_for_the_workshop(client, workshop):
    response = post(client, workshop, places="4")
    assert response.status_code == 200
    assert "So viele Plätze hat der Workshop nicht" in response.text
    assert Registration.objects.count() == 0


@pytest.mark.django_db
def test_duplicate_email_is_refused(client, workshop):
    assert post(client, workshop).status_code == 302
    response = post(client, workshop, address="10.0.0.2", email="AYSE@example.org")
    assert response.status_code == 200
    assert "schon eine Anmeldung" in response.text
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_after_cancelling_the_same_email_may_register_again(workshop):
    registration = register(workshop, name="A", email="a@example.org")
    cancel(registration)
    again = register(workshop, name="A", email="a@example.org")
    assert again.status == Registration.Status.CONFIRMED


@pytest.mark.django_db
def test_registration_switched_off(client, events):
    workshop = WorkshopPageFactory(parent=events, registration_enabled=False)
    page = client.get(workshop.url)
    assert "keine Anmeldung möglich" in page.text
    assert "registration-form" not in page.text
    response = post(client, workshop)
    assert response.status_code == 200
    assert "keine Anmeldung möglich" in response.text
    assert Registration.objects.count() == 0


@pytest.mark.django_db
def test_deadline_passed(client, events):
    workshop = WorkshopPageFactory(
        parent=events, registration_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    response = post(client, workshop)
    assert response.status_code == 200
    assert "Anmeldefrist ist abgelaufen" in response.text
    assert Registration.objects.count() == 0


@pytest.mark.django_db
def test_past_workshop(client, events):
    workshop = WorkshopPageFactory(parent=events, dates=[(at(-3, 10), at(-3, 12))])
    response = post(client, workshop)
    assert response.status_code == 200
    assert "schon stattgefunden" in response.text
    assert Registration.objects.count() == 0
    with pytest.raises(RegistrationError):
        register(workshop, name="A", email="a@example.org")


@pytest.mark.django_db
def test_registration_closes_when_the_first_session_starts(events):
    workshop = WorkshopPageFactory(
        parent=events,
        dates=[(at(0, 0) - datetime.timedelta(hours=1), at(0, 0)), (at(5, 10), at(5, 12))],
    )
    with pytest.raises(RegistrationError, match="Anmeldefrist"):
        register(workshop, name="A", email="a@example.org")


@pytest.mark.django_db
def test_honeypot_saves_nothing(client, workshop):
    response = post(client, workshop, website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == workshop.url
    assert "Vielen Dank für Ihre Anmeldung." in client.get(response["Location"]).text
    assert Registration.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_rate_limit_per_address(client, workshop):
    for number in range(5):
        post(client, workshop, email=f"p{number}@example.org")
    assert Registration.objects.count() == 3 + 2  # three confirmed, two waitlisted
    response = post(client, workshop, email="p6@example.org")
    assert response.status_code == 429
    assert "Zu viele Anmeldeversuche" in response.text
    assert Registration.objects.count() == 5
    # Another address is not affected.
    assert post(client, workshop, address="10.0.0.9", email="p7@example.org").status_code == 302


@pytest.mark.django_db
def test_plain_text_mails_are_not_html_escaped(client, workshop):
    """Names and titles appear as typed: no &amp; or &#x27; in a text mail."""
    workshop.title = "Tablet & Co für O'Brien"
    workshop.save_revision().publish()
    response = post(client, workshop, name="Ayşe & Ali O'Brien")
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.subject == "Anmeldung bestätigt: Tablet & Co für O'Brien"
    assert "Ayşe & Ali O'Brien" in message.body and "&amp;" not in message.body
