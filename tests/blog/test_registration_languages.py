"""Registration mails in the registrant's language, whoever's request sends
them: subject, body (the venue in its own word, not the town) and the
calendar attachment's link."""

import itertools

import icalendar
import pytest

from django.core import mail
from django.utils import translation

from blog.models import Registration

from .factories import EventIndexPageFactory, WorkshopPageFactory

pytestmark = pytest.mark.django_db
ADDRESSES = itertools.count(1)


@pytest.fixture
def workshop(home_page):
    events = EventIndexPageFactory(parent=home_page)
    return WorkshopPageFactory(
        parent=events,
        title="WhatsApp Business",
        slug="whatsapp-business",
        capacity=1,
        venue_name="Bürgerhaus Hochfeld",
        venue_street="Wanheimer Straße",
        venue_house_number="2",
    )


def register_in(language, workshop, client, *, name, email):
    """Registers as a visitor does, on the workshop's page in `language`."""
    prefix = "" if language == "de" else f"/{language}"
    response = client.post(
        prefix + workshop.url,
        {"name": name, "email": email, "phone": "", "places": "1", "note": ""}
        | {"consent": "on", "website": ""},
        REMOTE_ADDR=f"10.0.0.{next(ADDRESSES)}",  # one each: no rate limit
    )
    assert response.status_code == 302, response.status_code
    return Registration.objects.get(email=email)


def in_language(language, text, context=None):
    with translation.override(language):
        return translation.pgettext(context, text) if context else translation.gettext(text)


def isolated(text):
    return f"\N{FIRST STRONG ISOLATE}{text}\N{POP DIRECTIONAL ISOLATE}"


def calendar_urls(message):
    (name, content, mimetype) = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(content)
    return [str(event["url"]) for event in calendar.walk("VEVENT")]


def test_the_venue_is_a_place_not_a_town_in_every_language(client, workshop):
    for number, language in enumerate(["tr", "ar", "bg", "ro", "en", "de"]):
        mail.outbox.clear()
        Registration.objects.all().delete()
        register_in(language, workshop, client, name="Ayşe Yılmaz", email=f"p{number}@ex.org")
        body = mail.outbox[0].body
        venue = in_language(language, "Ort", "venue")
        place = "Bürgerhaus Hochfeld"
        # Latin names inside Arabic text are isolated (FSI … PDI).
        shown = isolated(place) if language == "ar" else place
        assert f"{venue}: {shown}, " in body, language
        if language != "de":
            town = in_language(language, "Ort")
            assert venue != town  # the catalogue tells them apart
            assert f"{town}:" not in body


def test_the_promotion_after_a_turkish_cancellation_is_in_arabic(client, workshop):
    turkish = register_in("tr", workshop, client, name="Lale Yıldız", email="lale@example.org")
    arabic = register_in("ar", workshop, client, name="سارة Müller", email="sara@example.org")
    assert arabic.status == Registration.Status.WAITLISTED
    waitlisted = mail.outbox[-1]
    with translation.override("ar"):
        assert waitlisted.subject == translation.gettext("Warteliste: %(title)s") % {
            "title": isolated("WhatsApp Business")
        }
    mail.outbox.clear()

    # The Turkish registrant cancels on her Turkish page: her request sends the mail.
    response = client.post(f"/tr/workshop-anmeldung/{turkish.token}/")
    assert response.status_code == 302
    (promoted,) = mail.outbox
    assert promoted.to == ["sara@example.org"]
    with translation.override("ar"):
        subject = translation.gettext("Ein Platz ist frei geworden: %(title)s") % {
            "title": isolated("WhatsApp Business")
        }
        salutation = translation.gettext("Hallo %(name)s,") % {"name": isolated("سارة Müller")}
        greeting = translation.gettext("Im Anhang finden Sie den Termin für Ihren Kalender.")
    assert promoted.subject == subject
    assert greeting in promoted.body
    assert promoted.body.startswith(salutation)
    assert (
        f"{in_language('ar', 'Ort', 'venue')}: {isolated('Bürgerhaus Hochfeld')}" in promoted.body
    )
    assert f"/ar/workshop-anmeldung/{arabic.token}/" in promoted.body
    assert "/tr/" not in promoted.body
    urls = calendar_urls(promoted)
    assert urls and all("/ar/" in url and "/tr/" not in url for url in urls), urls


def test_a_turkish_confirmation_and_its_calendar(client, workshop):
    register_in("tr", workshop, client, name="Lale Yıldız", email="lale@example.org")
    (message,) = mail.outbox
    with translation.override("tr"):
        assert message.subject == translation.gettext("Anmeldung bestätigt: %(title)s") % {
            "title": "WhatsApp Business"
        }
    assert "Yer: Bürgerhaus Hochfeld" in message.body
    assert "Şehir" not in message.body
    assert all("/tr/" in url for url in calendar_urls(message))
