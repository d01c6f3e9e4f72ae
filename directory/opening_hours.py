"""Opening hours in the OpenStreetMap `opening_hours` syntax, evaluated with
the maintained `opening-hours-py` parser in the Europe/Berlin time zone."""

import datetime
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import opening_hours as osm_opening_hours

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PARSE_ERRORS = (SyntaxError, ValueError, osm_opening_hours.ParserError)


def local_zone():
    return ZoneInfo(settings.TIME_ZONE)


def local_now():
    return timezone.now().astimezone(local_zone())


@lru_cache(maxsize=4096)
def parse(value):
    """Parsed opening hours, or None for an empty value. Raises one of PARSE_ERRORS."""
    value = (value or "").strip()
    if not value:
        return None
    return osm_opening_hours.OpeningHours(value, timezone=local_zone(), country="DE")


def validate_opening_hours(value):
    try:
        parse(value)
    except PARSE_ERRORS as exc:
        raise ValidationError(
            _(
                "Diese Öffnungszeiten verstehen wir nicht. Beispiel: "
                "Mo-Fr 09:00-18:00; Sa 10:00-14:00"
            ),
            code="invalid_opening_hours",
        ) from exc


@dataclass(frozen=True)
class OpeningState:
    is_open: bool
    is_known: bool
    next_change: datetime.datetime | None


def state_at(value, when=None):
    """Whether a business is open at `when` (default: now) and when that changes.
    Unparseable or empty hours give an unknown state, never an exception."""
    when = (when or local_now()).astimezone(local_zone())
    try:
        hours = parse(value)
    except PARSE_ERRORS:
        hours = None
    if hours is None:
        return OpeningState(is_open=False, is_known=False, next_change=None)
    state, _comment = hours.state(when)
    next_change = hours.next_change(when)
    if next_change is not None and next_change.tzinfo is None:
        next_change = next_change.replace(tzinfo=local_zone())
    name = str(state).rsplit(".", 1)[-1].lower()
    return OpeningState(is_open=name == "open", is_known=name != "unknown", next_change=next_change)


def is_open_at(value, when=None):
    return state_at(value, when).is_open


def week_table(value, start=None):
    """The coming seven days from `start` (default: today) as
    [(date, [(opens, closes), ...]), ...], taking holidays into account."""
    try:
        hours = parse(value)
    except PARSE_ERRORS:
        return []
    if hours is None:
        return []
    zone = local_zone()
    today = (start or local_now()).date()
    begin = datetime.datetime.combine(today, datetime.time.min)
    end = begin + datetime.timedelta(days=7)
    days = {today + datetime.timedelta(days=offset): [] for offset in range(7)}
    for opens, closes, state, _comment in hours.intervals(
        begin.replace(tzinfo=zone), end.replace(tzinfo=zone)
    ):
        if str(state).rsplit(".", 1)[-1].lower() != "open":
            continue
        opens = opens.replace(tzinfo=None) if opens.tzinfo else opens
        closes = closes.replace(tzinfo=None) if closes and closes.tzinfo else closes
        closes = min(closes or end, end)
        cursor = opens
        while cursor < closes:
            day_end = datetime.datetime.combine(
                cursor.date(), datetime.time.min
            ) + datetime.timedelta(days=1)
            segment_end = min(closes, day_end)
            if cursor.date() in days:
                days[cursor.date()].append(
                    (
                        cursor.time(),
                        segment_end.time() if segment_end < day_end else datetime.time(23, 59),
                    )
                )
            cursor = segment_end
    return sorted(days.items())
