"""Our calendars read the same in two readers we did not write: ical.js (npm,
pinned in tools/package.json, through Node; Thunderbird and many web calendars
use it) and Python's icalendar; and each event's .ics speaks the language of
the page that links it."""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import icalendar
import pytest

from wagtail.models import Locale

from ..clock import berlin
from .factories import CampaignPageFactory, EventIndexPageFactory, WorkshopPageFactory

pytestmark = pytest.mark.django_db

TOOLS = Path(__file__).resolve().parents[2] / "tools"


@pytest.fixture
def events(home_page):
    return EventIndexPageFactory(parent=home_page)


def ical_js(content):
    node = shutil.which("node")
    if node is None or not (TOOLS / "node_modules" / "ical.js").is_dir():
        pytest.skip("ical.js missing: `npm ci` in tools/ (CI does)")
    answer = subprocess.run(
        [node, str(TOOLS / "ical_instants.cjs")],
        input=content,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return {event["uid"]: event for event in json.loads(answer.stdout)}


def python_icalendar(content):
    def value(moment):
        if isinstance(moment, datetime.datetime):
            return int(moment.timestamp())
        return moment.isoformat()

    return {
        str(event["uid"]): {
            "uid": str(event["uid"]),
            "summary": str(event["summary"]),
            "start": value(event.decoded("dtstart")),
            "end": value(event.decoded("dtend")),
        }
        for event in icalendar.Calendar.from_ical(content).walk("VEVENT")
    }


def test_both_readers_read_the_same_instants_in_summer_and_winter(client, events, clock_at):
    clock_at(berlin(2026, 11, 26, 0, 45))
    WorkshopPageFactory(
        parent=events,
        title="Sicher online – Çevrimiçi güvenlik",
        dates=[
            (berlin(2027, 7, 1, 18), berlin(2027, 7, 1, 20)),  # summer time
            (berlin(2027, 12, 1, 9, 30), berlin(2027, 12, 1, 12, 30)),  # winter time
            (berlin(2027, 10, 31, 2, 30, fold=1), berlin(2027, 10, 31, 3, 30)),  # repeated hour
        ],
    )
    CampaignPageFactory(
        parent=events,
        title="Marxloher Frühling",
        start_date=datetime.date(2027, 3, 27),
        end_date=datetime.date(2027, 3, 28),
    )
    content = client.get("/api/events.ics").content
    theirs, ours = ical_js(content), python_icalendar(content)
    assert theirs == ours
    starts = sorted(event["start"] for event in ours.values() if isinstance(event["start"], int))
    assert starts == [
        int(berlin(2027, 7, 1, 18).timestamp()),
        int(berlin(2027, 10, 31, 2, 30, fold=1).timestamp()),
        int(berlin(2027, 12, 1, 9, 30).timestamp()),
    ]


def test_an_events_calendar_speaks_the_language_of_the_page_that_links_it(client, events):
    workshop = WorkshopPageFactory(
        parent=events, title="Handy-Kurs", dates=[(berlin(2027, 5, 4, 17), berlin(2027, 5, 4, 19))]
    )
    turkish = workshop.copy_for_translation(
        Locale.objects.get(language_code="tr"), copy_parents=True
    )
    turkish.title = "Cep telefonu kursu: ı İ ş ğ ç"
    turkish.save_revision().publish()
    page = client.get(turkish.url)
    assert f'href="/api/events/{turkish.pk}.ics"' in page.text
    german_event = icalendar.Calendar.from_ical(
        client.get(f"/api/events/{workshop.pk}.ics").content
    ).walk("VEVENT")[0]
    (event,) = icalendar.Calendar.from_ical(
        client.get(f"/api/events/{turkish.pk}.ics").content
    ).walk("VEVENT")
    assert str(event["summary"]) == "Cep telefonu kursu: ı İ ş ğ ç"
    assert "/tr/" in str(event["url"])
    assert str(event["uid"]) == str(german_event["uid"])  # one session, one UID
    assert event.decoded("dtstart") == berlin(2027, 5, 4, 17)
