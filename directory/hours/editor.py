"""Opening hours as the admin's editor shows them: seven weekday rows with up to
two time ranges each, "closed on public holidays", and exceptions (a vacation
from … to …, a single day closed or with other hours).

`to_osm` writes the OpenStreetMap value that is stored; `from_osm` reads a
stored value back, or answers None when the editor cannot show it without
changing what it means (then the value stays editable as text)."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from quartier.clock import local_today

from .evaluation import PARSE_ERRORS, parse
from .syntax import OSM_DAYS, OSM_MONTHS
from .text import normalise_range

MAX_RANGES = 2
# A yearly exception ("Dec 24 off") keeps its month and day in this leap year.
YEARLY = 2000

DAY = "(?:Mo|Tu|We|Th|Fr|Sa|Su)"
DAYS_RULE = re.compile(rf"^(?P<days>{DAY}(?:-{DAY})?(?:,{DAY}(?:-{DAY})?)*)?\s*(?P<what>.*)$")
TIMES = re.compile(r"^\d\d:\d\d-\d\d:\d\d(?:,\d\d:\d\d-\d\d:\d\d)*$")
MONTH = "(?:" + "|".join(OSM_MONTHS) + ")"
DATE_RULE = re.compile(
    rf"^(?:(?P<y1>\d{{4}}) )?(?P<m1>{MONTH}) (?P<d1>\d{{1,2}})"
    rf"(?:-(?:(?:(?P<y2>\d{{4}}) )?(?P<m2>{MONTH}) )?(?P<d2>\d{{1,2}}))?\s+(?P<what>.+)$"
)
OFF = {"off", "closed"}


@dataclass
class HoursException:
    start: datetime.date
    end: datetime.date
    ranges: tuple = ()  # empty: closed
    yearly: bool = False

    @property
    def closed(self):
        return not self.ranges


@dataclass
class WeekHours:
    days: list = field(default_factory=lambda: [[] for _day in range(7)])
    holidays_closed: bool = False
    exceptions: list = field(default_factory=list)


def _ranges(text):
    if text in OFF:
        return []
    if not TIMES.match(text):
        return None
    return [tuple(part.split("-")) for part in text.split(",")]


def _day_numbers(selector):
    numbers = []
    for part in selector.split(","):
        first, _dash, last = part.partition("-")
        start, end = OSM_DAYS.index(first), OSM_DAYS.index(last or first)
        # "Sa-Mo" wraps round the week.
        numbers.extend((start + offset) % 7 for offset in range((end - start) % 7 + 1))
    return numbers


def _date(year, month, day):
    return datetime.date(int(year) if year else YEARLY, OSM_MONTHS.index(month) + 1, int(day))


def _read_rules(value):
    week = WeekHours()
    for rule in (part.strip() for part in value.split(";")):
        if not rule or '"' in rule or "||" in rule:
            return None if rule else week
        if rule == "24/7":
            week.days = [[("00:00", "24:00")] for _day in range(7)]
            continue
        if rule.startswith("PH"):
            if rule.replace(" ", "") not in {"PHoff", "PHclosed"}:
                return None
            week.holidays_closed = True
            continue
        date = DATE_RULE.match(rule)
        if date:
            ranges = _ranges(date["what"])
            if ranges is None or (date["y2"] and not date["y1"]):
                return None
            start = _date(date["y1"], date["m1"], date["d1"])
            end = (
                _date(date["y2"] or date["y1"], date["m2"] or date["m1"], date["d2"])
                if date["d2"]
                else start
            )
            if date["y1"] and end < start:
                return None
            week.exceptions.append(HoursException(start, end, tuple(ranges), yearly=not date["y1"]))
            continue
        days = DAYS_RULE.match(rule)
        ranges = _ranges(days["what"]) if days else None
        if ranges is None or len(ranges) > MAX_RANGES or week.exceptions:
            return None
        for number in _day_numbers(days["days"]) if days["days"] else range(7):
            week.days[number] = list(ranges)
    return week


def from_osm(value):
    """The editor's view of a stored value; None when it cannot show it exactly."""
    value = (value or "").strip()
    if not value:
        return WeekHours()
    try:
        week = _read_rules(value)
    except (ValueError, KeyError):
        return None
    if week is None or not same_hours(value, to_osm(week)):
        return None
    return week


def _osm_date(day, yearly):
    text = f"{OSM_MONTHS[day.month - 1]} {day.day:02d}"
    return text if yearly else f"{day.year} {text}"


def _times(ranges):
    return ",".join(f"{opens}-{closes}" for opens, closes in ranges) or "off"


def to_osm(week):
    """The stored value: consecutive weekdays with the same hours share a rule.
    No hours at all give "" (unknown), not "closed every day"."""
    if not any(week.days) and not week.exceptions:
        return ""
    rules = []
    number = 0
    while number < 7:
        last = number
        while last + 1 < 7 and week.days[last + 1] == week.days[number]:
            last += 1
        if week.days[number]:
            days = OSM_DAYS[number] if last == number else f"{OSM_DAYS[number]}-{OSM_DAYS[last]}"
            if last == number + 1:
                days = f"{OSM_DAYS[number]},{OSM_DAYS[last]}"
            rules.append(f"{days} {_times(week.days[number])}")
        number = last + 1
    if week.holidays_closed:
        rules.append("PH off")
    for exception in week.exceptions:
        dates = _osm_date(exception.start, exception.yearly)
        if exception.end != exception.start:
            end = _osm_date(exception.end, exception.yearly)
            dates = f"{dates}-{end}"
        rules.append(f"{dates} {_times(exception.ranges)}")
    return "; ".join(rules)


def same_hours(first, second, start=None, days=800):
    """Whether two values open and close at the same moments for `days` days."""
    start = start or local_today() - datetime.timedelta(days=7)
    try:
        a, b = parse(first, start), parse(second, start)
    except PARSE_ERRORS:
        return False
    if a is None or b is None:
        return a is b
    begin = datetime.datetime.combine(start, datetime.time.min)
    end = begin + datetime.timedelta(days=days)
    return _open_intervals(a, begin, end) == _open_intervals(b, begin, end)


def _open_intervals(hours, begin, end):
    return [
        (opens, closes)
        for opens, closes, state, _comment in hours.intervals(begin, end)
        if str(state).rsplit(".", 1)[-1].lower() == "open"
    ]


def parse_date(text):
    """ "2026-12-27" (a date input) or "27.12.2026" / "27.12.26" → date; None when empty."""
    text = (text or "").strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError(
        _("„%(date)s“ ist kein Datum. Beispiel: 27.12.2026") % {"date": text}, code="invalid_date"
    )


def exception_from_input(start, end, closed, opens, closes, yearly=False):
    """One exception row of the form, or None when it is empty."""
    first, last = parse_date(start), parse_date(end)
    if first is None and last is None:
        return None
    first, last = first or last, last or first
    if last < first:
        raise ValidationError(
            _("Das Ende liegt vor dem Anfang: %(start)s – %(end)s")
            % {"start": first.strftime("%d.%m.%Y"), "end": last.strftime("%d.%m.%Y")},
            code="invalid_period",
        )
    time_range = None if closed else normalise_range(opens, closes)
    if yearly:
        first, last = first.replace(year=YEARLY), last.replace(year=YEARLY)
    return HoursException(
        first, last, (tuple(time_range.split("-")),) if time_range else (), yearly
    )
