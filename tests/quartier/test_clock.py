"""The site's clock (quartier/clock.py) and the clock the tests control."""

import datetime
import os

import pytest

from django.conf import settings
from django.utils import timezone

from quartier.clock import end_of_day, local_date, local_today, start_of_day

from ..clock import berlin

pytestmark = pytest.mark.clock

UTC = datetime.UTC


def test_clock_tests_run_in_the_machine_zone():
    # Django sets TZ to TIME_ZONE at start-up; clock tests put the machine's back.
    assert os.environ.get("TZ") == settings.MACHINE_TIME_ZONE


def test_clock_at_stops_the_clock(clock_at):
    clock_at(berlin(2026, 11, 26, 0, 45))
    assert timezone.now() == datetime.datetime(2026, 11, 25, 23, 45, tzinfo=UTC)
    assert timezone.now() == datetime.datetime(2026, 11, 25, 23, 45, tzinfo=UTC)


@pytest.mark.parametrize(
    ("now", "today"),
    [
        # 00:30 in Berlin is still yesterday in UTC.
        (berlin(2026, 11, 26, 0, 30), datetime.date(2026, 11, 26)),
        (berlin(2026, 11, 25, 23, 59), datetime.date(2026, 11, 25)),
        (berlin(2026, 12, 31, 23, 59), datetime.date(2026, 12, 31)),
        (berlin(2027, 1, 1, 0, 1), datetime.date(2027, 1, 1)),
        (berlin(2028, 2, 29, 0, 1), datetime.date(2028, 2, 29)),
        (berlin(2026, 10, 25, 2, 30, fold=1), datetime.date(2026, 10, 25)),
    ],
)
def test_today_is_berlin_date(clock_at, now, today):
    clock_at(now)
    assert local_today() == today
    assert local_date(timezone.now()) == today


@pytest.mark.parametrize(
    ("day", "starts", "hours"),
    [
        (datetime.date(2026, 10, 25), datetime.datetime(2026, 10, 24, 22, 0), 25),
        (datetime.date(2027, 3, 28), datetime.datetime(2027, 3, 27, 23, 0), 23),
        (datetime.date(2028, 2, 29), datetime.datetime(2028, 2, 28, 23, 0), 24),
        (datetime.date(2026, 12, 31), datetime.datetime(2026, 12, 30, 23, 0), 24),
    ],
)
def test_day_boundaries(day, starts, hours):
    assert start_of_day(day) == starts.replace(tzinfo=UTC)
    assert end_of_day(day) - start_of_day(day) == datetime.timedelta(hours=hours)
