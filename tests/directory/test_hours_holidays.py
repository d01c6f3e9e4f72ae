"""Public holidays of North Rhine-Westphalia (HOLIDAYS_COUNTRY=DE,
HOLIDAYS_SUBDIVISION=NW) in "open now", the week table and the badge; other
states' holidays are ordinary days."""

import datetime

import pytest
import time_machine

from directory.hours import holidays_in, is_open_at, parse, upcoming_exceptions, week_table
from directory.templatetags.directory_tags import opening_table
from tests.clock import berlin

HOURS = "Mo-Su 09:00-18:00; PH off"

NRW_HOLIDAYS = [
    "2026-01-01",
    "2026-04-03",
    "2026-04-06",
    "2026-05-01",
    "2026-05-14",
    "2026-05-25",
    "2026-06-04",
    "2026-10-03",
    "2026-11-01",
    "2026-12-25",
    "2026-12-26",
    "2027-01-01",
    "2027-03-26",
    "2027-03-29",
    "2027-05-01",
    "2027-05-06",
    "2027-05-17",
    "2027-05-27",
    "2027-10-03",
    "2027-11-01",
    "2027-12-25",
    "2027-12-26",
]
NOT_NRW = [
    "2027-10-31",  # Reformationstag (Brandenburg, Saxony, … not NRW)
    "2027-11-17",  # Buß- und Bettag (Saxony)
    "2027-01-06",  # Heilige Drei Könige (Bavaria, Baden-Württemberg, Saxony-Anhalt)
    "2027-03-08",  # Frauentag (Berlin, Mecklenburg-Western Pomerania)
    "2027-08-15",  # Mariä Himmelfahrt (Saarland)
    "2027-09-20",  # Weltkindertag (Thuringia)
]


def test_the_settings_name_north_rhine_westphalia(settings):
    assert (settings.HOLIDAYS_COUNTRY, settings.HOLIDAYS_SUBDIVISION) == ("DE", "NW")
    days = [
        day.isoformat()
        for day, _name in holidays_in(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31))
    ]
    assert days == NRW_HOLIDAYS


@pytest.mark.clock
@pytest.mark.parametrize("day", NRW_HOLIDAYS)
def test_closed_on_every_nrw_holiday(day):
    day = datetime.date.fromisoformat(day)
    noon = berlin(day.year, day.month, day.day, 12)
    assert is_open_at(HOURS, noon) is False
    assert is_open_at("Mo-Su 09:00-18:00", noon) is True  # no PH rule: open
    with time_machine.travel(noon, tick=False):
        assert dict(week_table(HOURS))[day] == []
        row = opening_table(HOURS)[0]
    assert row["is_holiday"] is True
    assert row["intervals"] == []


@pytest.mark.clock
@pytest.mark.parametrize("day", NOT_NRW)
def test_other_states_holidays_are_ordinary_days(day):
    day = datetime.date.fromisoformat(day)
    noon = berlin(day.year, day.month, day.day, 12)
    assert is_open_at(HOURS, noon) is True
    with time_machine.travel(noon, tick=False):
        row = opening_table(HOURS)[0]
    assert row["is_holiday"] is False
    assert row["intervals"] == ["09:00–18:00"]


@pytest.mark.clock
def test_holiday_rules_with_hours_and_weekday_lists():
    fronleichnam = berlin(2027, 5, 27, 11)
    assert is_open_at("Mo-Su 09:00-18:00; PH 10:00-12:00", fronleichnam) is True
    assert is_open_at("Mo-Su 09:00-18:00; PH 10:00-12:00", berlin(2027, 5, 27, 13)) is False
    assert is_open_at("Mo-Su 09:00-18:00; Su,PH off", fronleichnam) is False


def test_another_state_is_one_setting_away(settings):
    settings.HOLIDAYS_SUBDIVISION = "BB"  # Brandenburg: Reformationstag, no Fronleichnam
    assert is_open_at(HOURS, berlin(2027, 10, 31, 12)) is False
    assert is_open_at(HOURS, berlin(2027, 5, 27, 12)) is True
    assert parse(HOURS, datetime.date(2027, 5, 27)) is not None


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            [
                "Geschlossen am 24. Dezember 2026",
                "Betriebsferien 27. Dezember 2026 – 3. Januar 2027",
            ],
        ),
        ("ar", ["مغلق في 24 ديسمبر 2026", "إجازة الشركة 27 ديسمبر 2026 – 3 يناير 2027"]),
    ],
)
def test_exceptions_are_shown_in_words_from_30_days_ahead(language, expected):
    from django.utils import translation

    value = "Mo-Sa 09:00-18:00; Dec 24 off; 2026 Dec 27-2027 Jan 03 off; PH off"
    with translation.override(language):
        assert upcoming_exceptions(value, datetime.date(2026, 11, 23)) == []  # 31 days ahead
        assert upcoming_exceptions(value, datetime.date(2026, 11, 24)) == expected[:1]
        assert upcoming_exceptions(value, datetime.date(2026, 11, 27)) == expected
        assert upcoming_exceptions(value, datetime.date(2027, 1, 3)) == expected[1:]
        assert upcoming_exceptions(value, datetime.date(2027, 1, 4)) == []


def test_special_day_with_other_hours_in_words():
    from django.utils import translation

    with translation.override("de"):
        assert upcoming_exceptions(
            "Mo-Fr 09:00-18:00; 2026 Dec 31 10:00-14:00", datetime.date(2026, 12, 20)
        ) == ["31. Dezember 2026: geöffnet 10:00–14:00"]
