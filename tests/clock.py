"""Instants at which the time-sensitive behaviour is tested (marker `clock`),
written as Berlin wall-clock times and handed to the clock as UTC."""

import datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(year, month, day, hour=0, minute=0, *, fold=0):
    """The instant a Berlin clock shows this time; `fold=1` is the second
    02:xx on the night clocks go back."""
    local = datetime.datetime(year, month, day, hour, minute, fold=fold, tzinfo=BERLIN)
    return local.astimezone(datetime.UTC)


# id -> instant. Around midnight on an ordinary day, both daylight-saving
# changes, New Year and a leap day.
INSTANTS = {
    "23:59": berlin(2026, 11, 25, 23, 59),
    "00:01": berlin(2026, 11, 26, 0, 1),
    "01:30": berlin(2026, 11, 26, 1, 30),
    "autumn-change-02:30-summer": berlin(2026, 10, 25, 2, 30, fold=0),
    "autumn-change-02:30-winter": berlin(2026, 10, 25, 2, 30, fold=1),
    "spring-change-01:59": berlin(2027, 3, 28, 1, 59),
    "spring-change-03:01": berlin(2027, 3, 28, 3, 1),
    "new-year-eve-23:59": berlin(2026, 12, 31, 23, 59),
    "new-year-00:01": berlin(2027, 1, 1, 0, 1),
    "leap-day-00:01": berlin(2028, 2, 29, 0, 1),
}
