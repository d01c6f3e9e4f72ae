"""Opening hours in the OpenStreetMap `opening_hours` syntax, evaluated with
the maintained `opening-hours-py` parser in the site's zone (Europe/Berlin).

Hours are wall-clock times: a shop open "22:00-02:00" closes when the local
clocks first show 02:00. On the night clocks go back (02:00-02:59 happens
twice) that is the first 02:00; on the night they go forward (02:00-02:59 does
not exist) it closes at the jump, which the clocks show as 03:00."""

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

import opening_hours as osm_opening_hours

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from quartier.clock import local_now, local_today, site_zone

from .public_holidays import region, with_state_holidays, years_around

PARSE_ERRORS = (SyntaxError, ValueError, osm_opening_hours.ParserError)

# "SH", the school holidays, outside quoted comments: the parser accepts it and
# ignores it (a shop with "SH off" would show open all through the holidays).
SCHOOL_HOLIDAYS = re.compile(r"(?<![A-Za-z])SH(?![A-Za-z])")
QUOTED = re.compile(r'"[^"]*"')


class SchoolHolidaysUnsupported(ValueError):
    """Hours that name the school holidays (`SH`), which nothing here knows."""


def parse(value, day=None):
    """Parsed opening hours, or None for an empty value. `PH` means the public
    holidays of the site's state in the years around `day` (default: today).
    Raises one of PARSE_ERRORS; SchoolHolidaysUnsupported for `SH`."""
    value = (value or "").strip()
    if not value:
        return None
    if SCHOOL_HOLIDAYS.search(QUOTED.sub("", value)):
        raise SchoolHolidaysUnsupported(value)
    return _parse(value, years_around(day or local_today()), region())


@lru_cache(maxsize=4096)
def _parse(value, years, place):
    return osm_opening_hours.OpeningHours(
        with_state_holidays(value, years), timezone=site_zone(), country=place[0]
    )


def validate_opening_hours(value):
    try:
        parse(value)
    except SchoolHolidaysUnsupported as exc:
        raise ValidationError(
            _(
                "Schulferien (SH) können wir nicht auswerten. Bitte die Ferien als "
                "Zeitraum eintragen, z. B. 2027 Jul 14-2027 Aug 26 off"
            ),
            code="school_holidays_unsupported",
        ) from exc
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


def _first_occurrence_after(moment, when):
    """`moment`'s wall-clock time at its first occurrence after `when`. The
    parser reads times as wall-clock times but answers a time the clocks show
    twice with its second occurrence; the state changes at the first (at 02:30
    summer time a shop that closes at 02:00 is already closed)."""
    zone = site_zone()
    first = moment.replace(tzinfo=zone, fold=0)
    # Compared as timestamps: datetimes in one zone compare by wall time alone.
    if first.timestamp() > when.timestamp():
        return first
    return moment.replace(tzinfo=zone, fold=1)


# How far ahead a change is looked for: the public holidays cover the years
# around the day asked about (public_holidays.years_around).
HORIZON = datetime.timedelta(days=370)


def _next_change(hours, wall_clock):
    """The end of the interval `wall_clock` lies in, None beyond the horizon.
    Not the parser's next_change(): for "Mo-Su 00:00-24:00" it searches for
    seconds before it gives up; its intervals are bounded and merged."""
    horizon = wall_clock + HORIZON
    for _opens, closes, _state, _comment in hours.intervals(wall_clock, horizon):
        if closes is None or closes.replace(tzinfo=None) >= horizon:
            return None
        return closes
    return None


def state_at(value, when=None):
    """Whether a business is open at `when` (default: now) and when that changes.
    Unparseable or empty hours give an unknown state, never an exception."""
    when = (when or local_now()).astimezone(site_zone())
    try:
        hours = parse(value, when.date())
    except PARSE_ERRORS:
        hours = None
    if hours is None:
        return OpeningState(is_open=False, is_known=False, next_change=None)
    # Read at the wall-clock time the clocks show: the parser, given an aware
    # time in the repeated autumn hour, answers 02:59 summer time as closed
    # even for "24/7" (the last minute before clocks go back).
    wall_clock = when.replace(tzinfo=None, fold=0)
    state, _comment = hours.state(wall_clock)
    next_change = _next_change(hours, wall_clock)
    if next_change is not None:
        next_change = _first_occurrence_after(next_change, when)
    name = str(state).rsplit(".", 1)[-1].lower()
    return OpeningState(is_open=name == "open", is_known=name != "unknown", next_change=next_change)


def is_open_at(value, when=None):
    return state_at(value, when).is_open


def week_table(value, start=None, days=7):
    """The coming `days` days from `start` (default: today) as
    [(date, [(opens, closes), ...]), ...], taking holidays into account."""
    count = days
    today = local_now(start).date()
    try:
        hours = parse(value, today)
    except PARSE_ERRORS:
        return []
    if hours is None:
        return []
    zone = site_zone()
    begin = datetime.datetime.combine(today, datetime.time.min)
    end = begin + datetime.timedelta(days=count)
    days = {today + datetime.timedelta(days=offset): [] for offset in range(count)}
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
