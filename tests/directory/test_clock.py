"""Opening hours at chosen instants: around midnight, on both nights of a
daylight-saving change, at New Year and on a leap day. The clock is stopped
with time-machine; every expected outcome is written out."""

import datetime
import re

import pytest

from directory.hours import state_at
from directory.models import BusinessPage
from directory.templatetags.directory_tags import opening_badge_text, opening_table

from ..clock import INSTANTS, berlin
from .factories import (
    BusinessPageFactory,
    german,  # noqa: F401  (fixture)
    make_directory,
)

pytestmark = [pytest.mark.clock, pytest.mark.usefixtures("german")]

NIGHT = "Mo-Su 22:00-02:00"
EARLY = "Mo-Su 00:00-01:00"
SHOP = "Mo-Fr 09:00-18:00; Sa 10:00-14:00; PH off"

OPEN_NIGHT_TOMORROW = "Jetzt geöffnet · schließt morgen um 02:00"
OPEN_NIGHT = "Jetzt geöffnet · schließt um 02:00"
CLOSED_NIGHT = "Geschlossen · öffnet um 22:00"

# instant -> (night shop's badge, shop's badge, businesses open now)
EXPECTED = {
    # Wednesday 25 November 2026
    "23:59": (OPEN_NIGHT_TOMORROW, "Geschlossen · öffnet morgen um 09:00", {"Nachtladen"}),
    # Thursday 26 November 2026
    "00:01": (OPEN_NIGHT, "Geschlossen · öffnet um 09:00", {"Nachtladen", "Frühschicht"}),
    "01:30": (OPEN_NIGHT, "Geschlossen · öffnet um 09:00", {"Nachtladen"}),
    # Sunday 25 October 2026: the night shop closed at the first 02:00
    # (summer time) and stays closed through the repeated hour.
    "autumn-change-02:30-summer": (CLOSED_NIGHT, "Geschlossen · öffnet morgen um 09:00", set()),
    "autumn-change-02:30-winter": (CLOSED_NIGHT, "Geschlossen · öffnet morgen um 09:00", set()),
    # Sunday 28 March 2027 (Easter): 02:00 does not exist; the night shop
    # closes at the jump, which the clocks show as 03:00. Easter Monday is a
    # public holiday: the shop opens on Tuesday.
    "spring-change-01:59": (
        "Jetzt geöffnet · schließt um 03:00",
        "Geschlossen · öffnet Dienstag um 09:00",
        {"Nachtladen"},
    ),
    "spring-change-03:01": (CLOSED_NIGHT, "Geschlossen · öffnet Dienstag um 09:00", set()),
    # Thursday 31 December 2026; 1 January is a public holiday ("PH off"),
    # so the shop opens again on Saturday.
    "new-year-eve-23:59": (
        OPEN_NIGHT_TOMORROW,
        "Geschlossen · öffnet Samstag um 10:00",
        {"Nachtladen"},
    ),
    "new-year-00:01": (
        OPEN_NIGHT,
        "Geschlossen · öffnet morgen um 10:00",
        {"Nachtladen", "Frühschicht"},
    ),
    # Tuesday 29 February 2028
    "leap-day-00:01": (OPEN_NIGHT, "Geschlossen · öffnet um 09:00", {"Nachtladen", "Frühschicht"}),
}


@pytest.mark.parametrize("name", list(INSTANTS))
def test_badges_at(clock_at, name):
    clock_at(INSTANTS[name])
    night, shop, open_now = EXPECTED[name]
    assert opening_badge_text(NIGHT) == night
    assert opening_badge_text(SHOP) == shop
    assert state_at(NIGHT).is_open is ("Nachtladen" in open_now)
    assert state_at(EARLY).is_open is ("Frühschicht" in open_now)
    assert state_at(SHOP).is_open is False


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(INSTANTS))
def test_open_now_listing_at(client, home_page, clock_at, name):
    directory = make_directory(home_page)
    BusinessPageFactory(parent=directory, title="Nachtladen", opening_hours=NIGHT)
    BusinessPageFactory(parent=directory, title="Frühschicht", opening_hours=EARLY)
    BusinessPageFactory(parent=directory, title="Laden", opening_hours=SHOP)
    clock_at(INSTANTS[name])
    night, shop, open_now = EXPECTED[name]

    response = client.get(directory.url + "?open_now=1")
    assert response.status_code == 200
    titles = set(re.findall(r'business-card__title"><a href="[^"]*">([^<]*)<', response.text))
    assert titles == open_now
    everything = client.get(directory.url).text
    assert night in everything
    assert shop in everything


@pytest.mark.parametrize(
    ("when", "hours", "is_open", "next_change"),
    [
        # Saturday afternoon before the autumn change: Monday 09:00 is winter time.
        (berlin(2026, 10, 24, 15, 0), SHOP, False, datetime.datetime(2026, 10, 26, 8, 0)),
        # ... and before the spring change (Easter): after Easter Monday,
        # Tuesday 09:00 summer time.
        (berlin(2027, 3, 27, 15, 0), SHOP, False, datetime.datetime(2027, 3, 30, 7, 0)),
        # The night shop closes at the first 02:00 (summer time, 00:00 UTC),
        # not at the second (01:00 UTC).
        (berlin(2026, 10, 24, 23, 0), NIGHT, True, datetime.datetime(2026, 10, 25, 0, 0)),
        (
            berlin(2026, 10, 25, 2, 30, fold=1),
            NIGHT,
            False,
            datetime.datetime(2026, 10, 25, 21, 0),
        ),
        # In spring it closes at the jump, 01:00 UTC.
        (berlin(2027, 3, 28, 0, 30), NIGHT, True, datetime.datetime(2027, 3, 28, 1, 0)),
        # New Year's Day is a holiday: next opening Saturday 2 January.
        (berlin(2026, 12, 31, 18, 0), SHOP, False, datetime.datetime(2027, 1, 2, 9, 0)),
        # Across the leap day.
        (berlin(2028, 2, 28, 18, 0), SHOP, False, datetime.datetime(2028, 2, 29, 8, 0)),
    ],
    ids=[
        "autumn-weekend",
        "spring-weekend",
        "night-autumn",
        "night-autumn-repeated-hour",
        "night-spring",
        "new-year-holiday",
        "leap-day",
    ],
)
def test_next_change_is_the_exact_instant(when, hours, is_open, next_change):
    state = state_at(hours, when)
    assert state.is_open is is_open
    assert state.next_change.astimezone(datetime.UTC) == next_change.replace(tzinfo=datetime.UTC)


def table(rows):
    return [(row["weekday"], row["date"], row["is_today"], row["intervals"]) for row in rows]


def test_week_table_starts_on_berlin_date_of_a_utc_instant():
    # 22:30 UTC on Saturday is 00:30 on Sunday 25 October in Berlin.
    rows = opening_table(NIGHT, berlin(2026, 10, 25, 0, 30))
    assert table(rows)[:3] == [
        ("Sonntag", "25.10.2026", True, ["00:00–02:00", "22:00–23:59"]),
        ("Montag", "26.10.2026", False, ["00:00–02:00", "22:00–23:59"]),
        ("Dienstag", "27.10.2026", False, ["00:00–02:00", "22:00–23:59"]),
    ]


def test_week_table_across_spring_change():
    # The night the clocks go forward the shop closes at the jump (03:00).
    rows = opening_table(NIGHT, berlin(2027, 3, 27, 12, 0))
    assert table(rows)[:3] == [
        ("Samstag", "27.03.2027", True, ["00:00–02:00", "22:00–23:59"]),
        ("Sonntag", "28.03.2027", False, ["00:00–03:00", "22:00–23:59"]),
        ("Montag", "29.03.2027", False, ["00:00–02:00", "22:00–23:59"]),
    ]


@pytest.mark.parametrize(
    ("now", "first_rows"),
    [
        (
            berlin(2026, 12, 31, 23, 59),
            [
                ("Donnerstag", "31.12.2026", True, ["09:00–18:00"]),
                ("Freitag", "01.01.2027", False, []),
                ("Samstag", "02.01.2027", False, ["10:00–14:00"]),
            ],
        ),
        (
            berlin(2027, 1, 1, 0, 1),
            [
                ("Freitag", "01.01.2027", True, []),
                ("Samstag", "02.01.2027", False, ["10:00–14:00"]),
                ("Sonntag", "03.01.2027", False, []),
            ],
        ),
        (
            berlin(2028, 2, 29, 0, 1),
            [
                ("Dienstag", "29.02.2028", True, ["09:00–18:00"]),
                ("Mittwoch", "01.03.2028", False, ["09:00–18:00"]),
                ("Donnerstag", "02.03.2028", False, ["09:00–18:00"]),
            ],
        ),
    ],
    ids=["new-year-eve-23:59", "new-year-00:01", "leap-day-00:01"],
)
def test_week_table_today_and_holidays(clock_at, now, first_rows):
    clock_at(now)
    assert table(opening_table(SHOP))[:3] == first_rows


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["23:59", "00:01", "01:30", "autumn-change-02:30-winter"])
def test_last_checked_date_is_shown_as_entered(client, home_page, clock_at, name):
    """'Angaben zuletzt bestätigt am' is a date: it reads the same at every hour."""
    business = BusinessPageFactory(
        parent=make_directory(home_page), title="Geprüft", opening_hours=SHOP
    )
    BusinessPage.objects.filter(pk=business.pk).update(last_checked=datetime.date(2026, 10, 25))
    clock_at(INSTANTS[name])
    text = client.get(business.url).text
    assert (
        'Angaben zuletzt bestätigt am <time datetime="2026-10-25" dir="auto">'
        "25. Oktober 2026</time>" in text
    )
