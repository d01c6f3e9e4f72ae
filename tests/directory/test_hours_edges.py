"""Edges of the hours code that a small slip would break unnoticed: the
repeated autumn hour's second occurrence, hours that say "unknown", and
holidays of the year asked about rather than of today's."""

import datetime

import pytest

from directory.hours import parse, state_at

from ..clock import berlin

pytestmark = pytest.mark.clock


def test_a_change_in_the_repeated_hour_already_passed_once_is_its_second_occurrence():
    # 02:30 winter time on 31 October 2027: 02:45 summer time is past, the
    # change the clocks show next is 02:45 winter time.
    state = state_at("Su 02:45-04:00", berlin(2027, 10, 31, 2, 30, fold=1))
    assert state.is_open is False
    assert state.next_change.timestamp() == berlin(2027, 10, 31, 2, 45, fold=1).timestamp()


def test_a_change_in_the_repeated_hour_still_ahead_is_its_first_occurrence():
    state = state_at("Su 02:45-04:00", berlin(2027, 10, 31, 2, 30, fold=0))
    assert state.next_change.timestamp() == berlin(2027, 10, 31, 2, 45, fold=0).timestamp()


@pytest.mark.parametrize(
    "text", ["Mo-Su unknown", 'Mo-Fr 09:00-18:00; Sa unknown "nach Absprache"']
)
def test_hours_that_say_unknown_are_not_known(text):
    state = state_at(text, berlin(2026, 11, 28, 12))  # a Saturday
    assert state.is_known is False
    assert state.is_open is False


def test_a_known_text_is_known():
    assert state_at("Mo-Fr 09:00-18:00", berlin(2026, 11, 28, 12)).is_known is True


@pytest.mark.parametrize(
    ("day", "ordinary_day"),
    [
        # Holidays of North Rhine-Westphalia only (the parser's own German
        # calendar knows the national ones): All Saints, Corpus Christi.
        (datetime.date(2031, 11, 1), datetime.date(2031, 11, 3)),
        (datetime.date(2035, 5, 24), datetime.date(2035, 5, 25)),
        (datetime.date(2040, 11, 1), datetime.date(2040, 11, 2)),
    ],
)
def test_holidays_are_those_of_the_year_asked_about(clock_at, day, ordinary_day):
    """Today is in 2026; the state's holidays of 2031, 2035 and 2040 still
    close a "PH off" shop (parse reads the years around the day asked about)."""
    clock_at(berlin(2026, 11, 26, 10))
    noon = berlin(day.year, day.month, day.day, 12)
    assert state_at("Mo-Su 10:00-18:00; PH off", noon).is_open is False
    other = berlin(ordinary_day.year, ordinary_day.month, ordinary_day.day, 12)
    assert state_at("Mo-Su 10:00-18:00; PH off", other).is_open
    hours = parse("Mo-Su 10:00-18:00; PH off", day)
    local_noon = datetime.datetime.combine(day, datetime.time(12))
    assert str(hours.state(local_noon)[0]).lower().endswith("closed")
