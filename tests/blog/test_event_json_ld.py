"""schema.org Event data on workshop and campaign pages, in every language:
what Google's event search requires and recommends, one Event per workshop
date, with the German original's facts and the page's own texts."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup

from wagtail.models import Locale

from blog.models import EventStatus

from ..clock import berlin
from .factories import CampaignPageFactory, EventIndexPageFactory, WorkshopPageFactory

pytestmark = pytest.mark.django_db

REQUIRED = {"name", "startDate", "location"}
RECOMMENDED = {
    "description",
    "endDate",
    "eventStatus",
    "eventAttendanceMode",
    "offers",
    "organizer",
}


def events_in(response):
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    blocks = [json.loads(tag.string) for tag in soup.find_all("script", type="application/ld+json")]
    return [event for block in blocks for event in block if event.get("@type") == "Event"]


@pytest.fixture
def events(home_page):
    return EventIndexPageFactory(parent=home_page)


def translate(page, language, **texts):
    copy = page.copy_for_translation(Locale.objects.get(language_code=language), copy_parents=True)
    for name, value in texts.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


def test_each_date_of_a_workshop_is_an_event_with_offsets(client, events):
    workshop = WorkshopPageFactory(
        parent=events,
        title="Sicher online: Çevrimiçi güvenlik für Einsteiger",
        capacity=3,
        dates=[
            # Years after every instant the clock-moved CI runs use, so both
            # dates are still ahead and seats can be offered.
            (berlin(2030, 3, 20, 10), berlin(2030, 3, 20, 12)),  # winter time
            (berlin(2030, 4, 3, 10), berlin(2030, 4, 3, 12)),  # summer time
        ],
    )
    found = events_in(client.get(workshop.url))
    assert [event["startDate"] for event in found] == [
        "2030-03-20T10:00:00+01:00",
        "2030-04-03T10:00:00+02:00",
    ]
    assert [event["endDate"] for event in found] == [
        "2030-03-20T12:00:00+01:00",
        "2030-04-03T12:00:00+02:00",
    ]
    event = found[0]
    assert set(event) >= REQUIRED | RECOMMENDED
    assert event["name"] == "Sicher online: Çevrimiçi güvenlik für Einsteiger"
    assert event["inLanguage"] == "de"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    place = event["location"]
    assert place["@type"] == "Place" and place["name"] == "Stadtteilbüro Hochfeld"
    assert place["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Wanheimer Straße 100",
        "postalCode": "47053",
        "addressLocality": "Duisburg",
        "addressRegion": "NW",
        "addressCountry": "DE",
    }
    assert place["geo"] == {"@type": "GeoCoordinates", "latitude": 51.4189, "longitude": 6.7598}
    assert event["offers"]["price"] == "0.00"
    assert event["offers"]["priceCurrency"] == "EUR"
    assert event["offers"]["availability"] == "https://schema.org/InStock"
    assert event["organizer"]["@type"] == "Organization"


def test_a_full_workshop_is_sold_out_and_a_cancelled_one_says_so(client, events):
    workshop = WorkshopPageFactory(parent=events, capacity=1)
    workshop.registrations.create(name="Ayşe Yılmaz", email="ayse@example.org", places=1)
    assert events_in(client.get(workshop.url))[0]["offers"]["availability"] == (
        "https://schema.org/SoldOut"
    )
    for status, schema in (
        (EventStatus.CANCELLED, "EventCancelled"),
        (EventStatus.POSTPONED, "EventPostponed"),
    ):
        workshop.event_status = status
        workshop.save_revision().publish()
        event = events_in(client.get(workshop.url))[0]
        assert event["eventStatus"] == f"https://schema.org/{schema}"


@pytest.mark.parametrize(
    ("language", "title"),
    [("tr", "Güvenli internet: ı İ ş ğ ç"), ("ar", "الإنترنت الآمن"), ("bg", "Безопасен интернет")],
)
def test_a_translated_workshop_speaks_its_language_with_the_originals_facts(
    client, events, language, title
):
    workshop = WorkshopPageFactory(
        parent=events, dates=[(berlin(2027, 5, 4, 17, 30), berlin(2027, 5, 4, 19))]
    )
    translation = translate(workshop, language, title=title, teaser=f"{title} …")
    event = events_in(client.get(translation.url))[0]
    assert event["name"] == title
    assert event["description"] == f"{title} …"
    assert event["inLanguage"] == language
    assert event["url"].endswith(translation.url)
    assert f"/{language}/" in event["url"]
    assert event["startDate"] == "2027-05-04T17:30:00+02:00"
    assert event["location"]["name"] == "Stadtteilbüro Hochfeld"


def test_a_campaign_is_one_event_over_its_days(client, events):
    campaign = CampaignPageFactory(
        parent=events,
        title="Marxloher Einkaufsnacht",
        start_date=datetime.date(2027, 3, 27),
        end_date=datetime.date(2027, 3, 28),
        locations="Weseler Straße\nKaiser-Wilhelm-Straße",
    )
    (event,) = events_in(client.get(campaign.url))
    assert set(event) >= REQUIRED | RECOMMENDED
    assert event["startDate"] == "2027-03-27T00:00:00+01:00"
    assert event["endDate"] == "2027-03-29T00:00:00+02:00"
    assert [place["name"] for place in event["location"]] == [
        "Weseler Straße",
        "Kaiser-Wilhelm-Straße",
    ]
    assert all(place["address"]["addressRegion"] == "NW" for place in event["location"])
    turkish = translate(campaign, "tr", title="Marxloh Alışveriş Gecesi")
    (event,) = events_in(client.get(turkish.url))
    assert (event["name"], event["inLanguage"]) == ("Marxloh Alışveriş Gecesi", "tr")
