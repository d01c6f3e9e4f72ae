import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from django.utils import timezone

from ..clock import berlin
from .factories import CampaignPageFactory, EventIndexPageFactory, WorkshopPageFactory, at

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def events(home_page):
    return EventIndexPageFactory(parent=home_page)


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


@pytest.mark.clock
@pytest.mark.django_db
def test_feed_has_upcoming_events_in_berlin_time(client, events, clock_at):
    clock_at(berlin(2026, 11, 26, 0, 45))
    # A summer date (CEST, UTC+2) and a winter date (CET, UTC+1).
    year = timezone.localdate().year + 1
    summer_start = datetime.datetime(year, 7, 1, 18, 0, tzinfo=BERLIN)
    winter_start = datetime.datetime(year, 12, 1, 9, 30, tzinfo=BERLIN)
    workshop = WorkshopPageFactory(
        parent=events,
        title="Sicher online",
        dates=[
            (summer_start, summer_start + datetime.timedelta(hours=2)),
            (winter_start, winter_start + datetime.timedelta(hours=3)),
        ],
    )
    campaign = CampaignPageFactory(parent=events, title="Herbstwochen")
    WorkshopPageFactory(parent=events, title="Vorbei", dates=[(at(-2, 10), at(-2, 12))])

    calendar = parse(client.get("/api/events.ics"))
    assert calendar["version"] == "2.0"
    # UTC instants, no VTIMEZONE (ical.js read a generated one wrong).
    assert calendar.walk("VTIMEZONE") == []
    events_by_uid = {str(event["uid"]): event for event in calendar.walk("VEVENT")}
    assert "Vorbei" not in {str(event["summary"]) for event in events_by_uid.values()}
    workshop_events = sorted(
        (event for event in events_by_uid.values() if str(event["summary"]) == "Sicher online"),
        key=lambda event: event.decoded("dtstart"),
    )
    assert len(workshop_events) == 2
    summer, winter = workshop_events
    assert "TZID" not in summer["dtstart"].params
    assert summer["dtstart"].to_ical() == f"{year}0701T160000Z".encode()  # 18:00 CEST
    assert winter["dtstart"].to_ical() == f"{year}1201T083000Z".encode()  # 09:30 CET
    assert summer.decoded("dtstart") == summer_start
    assert winter.decoded("dtend") - winter.decoded("dtstart") == datetime.timedelta(hours=3)
    assert "Wanheimer Straße 100, 47053 Duisburg" in str(summer["location"])

    campaign_event = next(
        event for event in events_by_uid.values() if str(event["summary"]) == "Herbstwochen"
    )
    # All-day: DATE values, DTEND exclusive.
    assert campaign_event.decoded("dtstart") == campaign.start_date
    assert campaign_event.decoded("dtend") == campaign.end_date + datetime.timedelta(days=1)

    # UIDs are stable between requests and unique.
    again = parse(client.get("/api/events.ics"))
    assert {str(event["uid"]) for event in again.walk("VEVENT")} == set(events_by_uid)
    assert len(events_by_uid) == 3
    assert all(uid.startswith(("workshop-", "campaign-")) for uid in events_by_uid)

    # Moving a session keeps its UID.
    date = workshop.dates.order_by("start").first()
    uid = next(u for u in events_by_uid if u.endswith(f"-{date.pk}@testserver"))
    date.start += datetime.timedelta(days=1)
    date.end += datetime.timedelta(days=1)
    date.save()
    moved = {
        str(event["uid"]): event for event in parse(client.get("/api/events.ics")).walk("VEVENT")
    }
    assert moved[uid].decoded("dtstart") == summer_start + datetime.timedelta(days=1)


@pytest.mark.django_db
def test_single_event_download(client, events):
    workshop = WorkshopPageFactory(parent=events, title="Handy-Kurs", dates=[(at(4, 9), at(4, 11))])
    response = client.get(f"/api/events/{workshop.pk}.ics")
    assert "attachment" in response["Content-Disposition"]
    calendar = parse(response)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Handy-Kurs"
    assert event.decoded("dtstart") == at(4, 9)
    assert event.decoded("dtstart").utcoffset() == datetime.timedelta(0)
    page = client.get(workshop.url)
    assert f'href="/api/events/{workshop.pk}.ics"' in page.text


@pytest.mark.django_db
def test_ics_of_other_pages_or_drafts_is_404(client, events, home_page):
    draft = WorkshopPageFactory(parent=events, live=False)
    assert client.get(f"/api/events/{draft.pk}.ics").status_code == 404
    assert client.get(f"/api/events/{home_page.pk}.ics").status_code == 404
    assert client.get("/api/events/999999.ics").status_code == 404
