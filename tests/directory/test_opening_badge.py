"""The "open now" badge and the week table, with fixed times in Europe/Berlin."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from directory.templatetags.directory_tags import (
    opening_badge_text,
    opening_hours_specification,
    opening_table,
)

from .factories import german  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("german")

BERLIN = ZoneInfo("Europe/Berlin")
SHOP = "Mo-Fr 09:00-18:00; Sa 10:00-14:00; PH off"
NIGHT = "Fr-Sa 18:00-02:00"


def at(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("hours", "when", "expected"),
    [
        (SHOP, at(2026, 11, 18, 12, 0), "Jetzt geöffnet · schließt um 18:00"),
        (SHOP, at(2026, 11, 18, 19, 0), "Geschlossen · öffnet morgen um 09:00"),
        (SHOP, at(2026, 11, 18, 7, 30), "Geschlossen · öffnet um 09:00"),
        (SHOP, at(2026, 11, 21, 15, 0), "Geschlossen · öffnet Montag um 09:00"),
        # 25 and 26 December are public holidays ("PH off"): next opening is Monday 28th.
        (SHOP, at(2026, 12, 24, 19, 0), "Geschlossen · öffnet Montag um 09:00"),
        (SHOP, at(2026, 12, 25, 12, 0), "Geschlossen · öffnet Montag um 09:00"),
        # crossing midnight
        (NIGHT, at(2026, 11, 20, 23, 0), "Jetzt geöffnet · schließt morgen um 02:00"),
        (NIGHT, at(2026, 11, 21, 1, 0), "Jetzt geöffnet · schließt um 02:00"),
        (NIGHT, at(2026, 11, 21, 3, 0), "Geschlossen · öffnet um 18:00"),
        ("24/7", at(2026, 11, 21, 3, 0), "Jetzt geöffnet"),
    ],
)
def test_badge_texts(hours, when, expected):
    assert opening_badge_text(hours, when) == expected


def test_badge_uses_berlin_time_for_utc_input():
    # 16:30 UTC is 17:30 in Berlin (winter time): still open.
    when = datetime.datetime(2026, 11, 18, 16, 30, tzinfo=datetime.UTC)
    assert opening_badge_text(SHOP, when) == "Jetzt geöffnet · schließt um 18:00"
    when = datetime.datetime(2026, 11, 18, 17, 30, tzinfo=datetime.UTC)
    assert opening_badge_text(SHOP, when).startswith("Geschlossen")


@pytest.mark.parametrize("hours", ["", "kaputt 25:00"])
def test_no_badge_for_unknown_hours(hours):
    assert opening_badge_text(hours, at(2026, 11, 18, 12, 0)) is None


def test_week_table_knows_christmas():
    rows = opening_table(SHOP, at(2026, 12, 21, 8, 0))
    assert [row["weekday"] for row in rows] == [
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    ]
    assert rows[0]["is_today"]
    assert rows[3]["intervals"] == ["09:00–18:00"]
    assert rows[4]["intervals"] == []  # 25 December
    assert rows[5]["intervals"] == []  # 26 December, a Saturday that is normally open


def test_schema_specification_merges_intervals_past_midnight():
    specs = opening_hours_specification(NIGHT, at(2026, 11, 16, 0, 0))
    assert [(s["dayOfWeek"].rsplit("/", 1)[1], s["opens"], s["closes"]) for s in specs] == [
        ("Friday", "18:00", "02:00"),
        ("Saturday", "18:00", "02:00"),
    ]
