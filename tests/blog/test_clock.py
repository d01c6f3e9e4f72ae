"""Campaigns and workshops at chosen instants: around midnight, on both nights
of a daylight-saving change, at New Year and on a leap day. The clock is
stopped with time-machine; every expected outcome is written out."""

import datetime
import io
import re

import pytest

from django.core.management import call_command

from blog.events import upcoming_events
from blog.models import Registration
from blog.registration import RegistrationError, register
from quartier.clock import local_date

from ..clock import BERLIN, INSTANTS, berlin
from .factories import CampaignPageFactory, EventIndexPageFactory, WorkshopPageFactory

pytestmark = [pytest.mark.clock, pytest.mark.django_db]

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)

# The session "Läuft noch" began three hours before the instant: on the same
# Berlin day (SAME_DAY) or before midnight (SINCE_YESTERDAY). Either way the
# campaign running since three days comes first; the campaign that began at
# today's 00:00 comes before or after the session by when each began.
SAME_DAY = [
    "Laufende Aktion",
    "Heute begonnen",
    "Läuft noch",
    "Kommende Aktion",
    "Nächste Woche",
]
SINCE_YESTERDAY = [
    "Laufende Aktion",
    "Läuft noch",
    "Heute begonnen",
    "Kommende Aktion",
    "Nächste Woche",
]
EXPECTED_UPCOMING = {
    "23:59": SAME_DAY,
    "00:01": SINCE_YESTERDAY,
    "01:30": SINCE_YESTERDAY,
    # 00:30 UTC; three hours earlier is 23:30 summer time on the 24th.
    "autumn-change-02:30-summer": SINCE_YESTERDAY,
    # 01:30 UTC; three hours earlier is 00:30 summer time on the 25th.
    "autumn-change-02:30-winter": SAME_DAY,
    "spring-change-01:59": SINCE_YESTERDAY,
    # 01:01 UTC; three hours earlier is 23:01 winter time on the 27th.
    "spring-change-03:01": SINCE_YESTERDAY,
    "new-year-eve-23:59": SAME_DAY,
    "new-year-00:01": SINCE_YESTERDAY,
    "leap-day-00:01": SINCE_YESTERDAY,
}


@pytest.fixture
def events(home_page):
    return EventIndexPageFactory(parent=home_page)


def make_events(events, now):
    today = local_date(now)
    CampaignPageFactory(
        parent=events, title="Laufende Aktion", start_date=today - 3 * DAY, end_date=today
    )
    CampaignPageFactory(
        parent=events, title="Heute begonnen", start_date=today, end_date=today + 2 * DAY
    )
    CampaignPageFactory(
        parent=events, title="Kommende Aktion", start_date=today + DAY, end_date=today + 3 * DAY
    )
    CampaignPageFactory(
        parent=events,
        title="Vergangene Aktion",
        start_date=today - 9 * DAY,
        end_date=today - DAY,
    )
    WorkshopPageFactory(
        parent=events,
        title="Läuft noch",
        dates=[(now - 3 * HOUR, now + datetime.timedelta(minutes=1))],
    )
    WorkshopPageFactory(
        parent=events,
        title="Gerade vorbei",
        dates=[(now - 2 * HOUR, now - datetime.timedelta(seconds=30))],
    )
    yesterday_evening = datetime.datetime.combine(today - DAY, datetime.time(18), tzinfo=BERLIN)
    WorkshopPageFactory(
        parent=events,
        title="Gestern Abend",
        dates=[(yesterday_evening, yesterday_evening + 2 * HOUR)],
    )
    next_week = now + 7 * DAY
    WorkshopPageFactory(parent=events, title="Nächste Woche", dates=[(next_week, next_week + HOUR)])


@pytest.mark.parametrize("name", list(INSTANTS))
def test_event_order_at(client, events, clock_at, name):
    now = INSTANTS[name]
    clock_at(now)
    make_events(events, now)
    expected = EXPECTED_UPCOMING[name]

    response = client.get(events.url)
    assert response.status_code == 200
    assert [page.title for page in response.context["upcoming_events"]] == expected
    # Past: by the instant they ended. The campaign's last day ended at
    # today's 00:00, after yesterday evening's workshop.
    assert [page.title for page in response.context["past_events"]] == [
        "Gerade vorbei",
        "Vergangene Aktion",
        "Gestern Abend",
    ]
    # The home page and the calendar feed agree with the index.
    assert [page.title for page in upcoming_events(limit=3)] == expected[:3]
    feed = client.get("/api/events.ics").content.decode()
    assert event_lines(feed, "SUMMARY") == [f"SUMMARY:{title}" for title in expected]


def test_running_campaign_stays_first_through_the_night(client, events, clock_at):
    """The order of issue #20, at every quarter of an hour from 22:00 to 03:00
    on the night the clocks go back (2026-10-25): the list never changes."""
    today = datetime.date(2026, 10, 25)
    CampaignPageFactory(
        parent=events, title="Laufende Aktion", start_date=today - 3 * DAY, end_date=today
    )
    WorkshopPageFactory(
        parent=events,
        title="Nachtkurs",
        dates=[(berlin(2026, 10, 24, 21, 0), berlin(2026, 10, 25, 4, 0))],
    )
    moment = berlin(2026, 10, 24, 22, 0)
    seen = 0
    while moment <= berlin(2026, 10, 25, 3, 0):
        clock_at(moment)
        response = client.get(events.url)
        assert [page.title for page in response.context["upcoming_events"]] == [
            "Laufende Aktion",
            "Nachtkurs",
        ], moment
        moment += datetime.timedelta(minutes=15)
        seen += 1
    assert seen == 25  # six hours of real time: the night has an extra hour


# --- iCalendar -------------------------------------------------------------------


def event_lines(feed, name):
    """The `name` lines (DTSTART, DTEND, SUMMARY) of the feed's VEVENTs, in order."""
    lines = []
    for block in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", feed, flags=re.DOTALL):
        lines += [line for line in block.split("\r\n") if re.match(rf"{name}[;:]", line)]
    return lines


@pytest.mark.parametrize("name", list(INSTANTS))
def test_feed_times_at(client, events, clock_at, name):
    """The same sessions, whenever the feed is fetched, carry the same UTC
    instants."""
    clock_at(INSTANTS[name])
    WorkshopPageFactory(
        parent=events,
        title="Über die Umstellung",
        dates=[
            # Begins in summer time, ends in winter time (3 real hours).
            (berlin(2028, 10, 29, 1, 30), berlin(2028, 10, 29, 3, 30)),
            # Begins in winter time, ends in summer time (1 real hour).
            (berlin(2029, 3, 25, 1, 30), berlin(2029, 3, 25, 3, 30)),
            # A leap day evening and New Year's Eve to New Year.
            (berlin(2028, 2, 29, 18, 0), berlin(2028, 2, 29, 20, 0)),
            (berlin(2028, 12, 31, 23, 0), berlin(2029, 1, 1, 1, 0)),
        ],
    )
    CampaignPageFactory(
        parent=events,
        title="Schaltjahr",
        start_date=datetime.date(2028, 2, 28),
        end_date=datetime.date(2028, 2, 29),
    )
    feed = client.get("/api/events.ics").content.decode()
    assert sorted(event_lines(feed, "DTSTART")) == [
        "DTSTART:20280229T170000Z",  # 18:00 CET
        "DTSTART:20281028T233000Z",  # 01:30 CEST
        "DTSTART:20281231T220000Z",  # 23:00 CET
        "DTSTART:20290325T003000Z",  # 01:30 CET
        "DTSTART;VALUE=DATE:20280228",
    ]
    assert sorted(event_lines(feed, "DTEND")) == [
        "DTEND:20280229T190000Z",
        "DTEND:20281029T023000Z",  # 03:30 CET: 3 real hours after 01:30 CEST
        "DTEND:20290101T000000Z",
        "DTEND:20290325T013000Z",  # 03:30 CEST: 1 real hour after 01:30 CET
        "DTEND;VALUE=DATE:20280301",
    ]
    assert "VTIMEZONE" not in feed


def test_feed_tells_the_two_repeated_times_apart(client, events, clock_at):
    """02:30 happens twice on 2026-10-25: two different UTC instants."""
    clock_at(berlin(2026, 10, 20, 12, 0))
    WorkshopPageFactory(
        parent=events,
        title="Zweimal halb drei",
        dates=[
            (berlin(2026, 10, 25, 2, 30), berlin(2026, 10, 25, 2, 45)),
            (berlin(2026, 10, 25, 2, 30, fold=1), berlin(2026, 10, 25, 2, 45, fold=1)),
        ],
    )
    feed = client.get("/api/events.ics").content.decode()
    assert event_lines(feed, "DTSTART") == [
        "DTSTART:20261025T003000Z",
        "DTSTART:20261025T013000Z",
    ]
    assert event_lines(feed, "DTEND") == [
        "DTEND:20261025T004500Z",
        "DTEND:20261025T014500Z",
    ]


# --- Registration closing -------------------------------------------------------


def try_register(workshop, email):
    try:
        register(workshop, name="Person", email=email)
    except RegistrationError as error:
        return str(error.message)
    return "angemeldet"


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Deadline 00:00 on 2026-11-26 (first session a week later).
        (berlin(2026, 11, 25, 23, 59), "angemeldet"),
        (berlin(2026, 11, 26, 0, 1), "Die Anmeldefrist ist abgelaufen."),
    ],
    ids=["23:59", "00:01"],
)
def test_registration_closes_at_midnight_deadline(events, clock_at, now, expected):
    clock_at(now)
    workshop = WorkshopPageFactory(
        parent=events,
        registration_deadline=berlin(2026, 11, 26, 0, 0),
        dates=[(berlin(2026, 12, 3, 18, 0), berlin(2026, 12, 3, 20, 0))],
    )
    assert try_register(workshop, "a@example.org") == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (berlin(2026, 10, 25, 2, 29), "angemeldet"),
        # The deadline is the first 02:30: the second is an hour too late.
        (berlin(2026, 10, 25, 2, 31), "Die Anmeldefrist ist abgelaufen."),
        (berlin(2026, 10, 25, 2, 15, fold=1), "Die Anmeldefrist ist abgelaufen."),
    ],
    ids=["02:29-summer", "02:31-summer", "02:15-winter"],
)
def test_registration_deadline_on_repeated_hour(events, clock_at, now, expected):
    clock_at(now)
    workshop = WorkshopPageFactory(
        parent=events,
        registration_deadline=berlin(2026, 10, 25, 2, 30),
        dates=[(berlin(2026, 10, 30, 18, 0), berlin(2026, 10, 30, 20, 0))],
    )
    assert try_register(workshop, "b@example.org") == expected


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Without a deadline registration closes when the first session begins:
        # 03:00 summer time on 2027-03-28, the first minute after the jump.
        (berlin(2027, 3, 28, 1, 59), "angemeldet"),
        (berlin(2027, 3, 28, 3, 1), "Die Anmeldefrist ist abgelaufen."),
        # Once the last session is over, the workshop is past.
        (berlin(2027, 3, 28, 5, 1), "Dieser Workshop hat schon stattgefunden."),
    ],
    ids=["01:59", "03:01", "05:01"],
)
def test_registration_closes_with_first_session_after_spring_change(
    events, clock_at, now, expected
):
    clock_at(now)
    workshop = WorkshopPageFactory(
        parent=events, dates=[(berlin(2027, 3, 28, 3, 0), berlin(2027, 3, 28, 5, 0))]
    )
    assert try_register(workshop, "c@example.org") == expected


def test_registration_page_shows_closing_state_by_berlin_time(client, events, clock_at):
    workshop = WorkshopPageFactory(
        parent=events,
        title="Silvester-Kurs",
        registration_deadline=berlin(2027, 1, 1, 0, 0),
        dates=[(berlin(2027, 1, 8, 10, 0), berlin(2027, 1, 8, 12, 0))],
    )
    clock_at(berlin(2026, 12, 31, 23, 59))
    assert "registration-form" in client.get(workshop.url).text
    clock_at(berlin(2027, 1, 1, 0, 1))
    page = client.get(workshop.url).text
    assert "registration-form" not in page
    assert "Die Anmeldefrist ist abgelaufen." in page


# --- Purge by days ---------------------------------------------------------------


def registration_ending(events, end, email):
    workshop = WorkshopPageFactory(parent=events, dates=[(end - 2 * HOUR, end)])
    return Registration.objects.create(workshop=workshop, name="Person", email=email)


def purged_emails(registrations):
    purged = set()
    for email, registration in registrations.items():
        registration.refresh_from_db()
        if registration.email == "":
            purged.add(email)
    return purged


# Workshops by when they ended; each case runs the command at one instant
# with one group's workshops. 30 days of retention, counted in Berlin days.
PURGE_GROUPS = {
    # Ended on 2026-10-25, the night clocks went back: purged from 2026-11-24
    # (the next day's workshop from 2026-11-25), at any hour.
    "autumn": {
        "summer": berlin(2026, 10, 25, 2, 30),  # the first 02:30, summer time
        "late": berlin(2026, 10, 25, 23, 30),
        "after-midnight": berlin(2026, 10, 26, 0, 30),
    },
    # Ended 2027-02-26 in winter time: purged from 2027-03-28, when clocks go forward.
    "spring": {"spring": berlin(2027, 2, 26, 22, 0)},
    # Ended 2028-01-30: 30 days later is the leap day.
    "leap": {"leap": berlin(2028, 1, 30, 12, 0)},
    # Ended 2026-12-02: purged from New Year's Day.
    "new-year": {"new-year": berlin(2026, 12, 2, 20, 0)},
}
PURGE_CASES = {
    "autumn-day29-23:59": ("autumn", berlin(2026, 11, 23, 23, 59), set()),
    "autumn-day30-00:01": ("autumn", berlin(2026, 11, 24, 0, 1), {"summer", "late"}),
    "autumn-day30-03:30": ("autumn", berlin(2026, 11, 24, 3, 30), {"summer", "late"}),
    "autumn-day31-00:01": (
        "autumn",
        berlin(2026, 11, 25, 0, 1),
        {"summer", "late", "after-midnight"},
    ),
    "spring-day29-23:59": ("spring", berlin(2027, 3, 27, 23, 59), set()),
    "spring-day30-00:01": ("spring", berlin(2027, 3, 28, 0, 1), {"spring"}),
    "leap-day29-23:59": ("leap", berlin(2028, 2, 28, 23, 59), set()),
    "leap-day30-00:01": ("leap", berlin(2028, 2, 29, 0, 1), {"leap"}),
    "new-year-day29-23:59": ("new-year", berlin(2026, 12, 31, 23, 59), set()),
    "new-year-day30-00:01": ("new-year", berlin(2027, 1, 1, 0, 1), {"new-year"}),
}


@pytest.mark.parametrize("case", list(PURGE_CASES))
def test_purge_selects_by_berlin_days(events, clock_at, settings, case):
    settings.REGISTRATION_RETENTION_DAYS = 30
    group, now, expected = PURGE_CASES[case]
    clock_at(now)
    registrations = {
        name: registration_ending(events, end, f"{name}@example.org")
        for name, end in PURGE_GROUPS[group].items()
    }
    out = io.StringIO()
    call_command("purge_registrations", stdout=out)
    assert purged_emails(registrations) == expected
    assert out.getvalue() == f"{len(expected)} registrations anonymised (older than 30 days).\n"


def test_purge_never_reaches_a_workshop_not_yet_over(events, clock_at):
    clock_at(berlin(2026, 11, 26, 0, 45))
    running = registration_ending(events, berlin(2026, 11, 26, 1, 0), "running@example.org")
    ended = registration_ending(events, berlin(2026, 11, 26, 0, 30), "ended@example.org")
    call_command("purge_registrations", "--days", "0", stdout=io.StringIO())
    assert purged_emails({"running": running, "ended": ended}) == {"ended"}
