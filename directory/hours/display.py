"""Opening hours as residents read them, in their language: times in the
locale's format (quartier.dates, Babel), and the exceptions of the coming 30
days in words ("Betriebsferien 27. Dezember 2026 – 3. Januar 2027"), never the
OSM syntax."""

import datetime

from django.utils.translation import gettext as _

from quartier.clock import local_now, local_today
from quartier.dates import clock_time, date_range, day_and_month, weekday_name

from .editor import DATE_RULE, YEARLY, _date, _ranges
from .public_holidays import PH_RULE
from .syntax import split_rules

NOTICE_DAYS = 30


def time_text(moment):
    """A time of day in the visitor's locale, on the 24-hour clock."""
    return clock_time(datetime.datetime.combine(datetime.date.min, moment))


def interval_text(opens, closes):
    return f"{time_text(opens)}–{time_text(closes)}"


def exceptions_of(value):
    """[(start, end, ranges, yearly)] of the date rules in a stored value."""
    found = []
    for rule in split_rules(value or ""):
        match = DATE_RULE.match(rule)
        if not match:
            continue
        ranges = _ranges(match["what"])
        if ranges is None:
            continue
        try:
            start = _date(match["y1"], match["m1"], match["d1"])
            end = (
                _date(match["y2"] or match["y1"], match["m2"] or match["m1"], match["d2"])
                if match["d2"]
                else start
            )
        except ValueError:
            continue
        found.append((start, end, ranges, not match["y1"]))
    return found


def _occurrence(start, end, yearly, today):
    """A yearly exception's next dates from `today` (Dec 24-26 → this year's or next)."""
    if not yearly:
        return start, end
    for year in (today.year - 1, today.year, today.year + 1):
        try:
            first = start.replace(year=year)
            last = end.replace(year=year if end >= start else year + 1)
        except ValueError:  # 29 February
            continue
        if last >= today:
            return first, last
    return start.replace(year=YEARLY), end.replace(year=YEARLY)


def upcoming_exceptions(value, today=None):
    """The exceptions that are on now or begin within 30 days, in words, sorted."""
    today = today or local_today()
    horizon = today + datetime.timedelta(days=NOTICE_DAYS)
    notices = []
    for start, end, ranges, yearly in exceptions_of(value):
        start, end = _occurrence(start, end, yearly, today)
        if end < today or start > horizon:
            continue
        notices.append((start, _notice(start, end, ranges)))
    return [text for _start, text in sorted(notices)]


def _notice(start, end, ranges):
    period = date_range(start, end)
    if not ranges:
        if start == end:
            return _("Geschlossen am %(day)s") % {"day": period}
        return _("Betriebsferien %(period)s") % {"period": period}
    times = ", ".join(
        interval_text(datetime.time.fromisoformat(o), _end_time(c)) for o, c in ranges
    )
    return _("%(period)s: geöffnet %(times)s") % {"period": period, "times": times}


def _end_time(text):
    return datetime.time(23, 59) if text == "24:00" else datetime.time.fromisoformat(text)


def regular_hours(value):
    """`value` without its holiday and dated rules ("PH off", "Dec 24 off",
    "2026 Dec 27-2027 Jan 03 off"): the ordinary week."""
    rules = [
        rule
        for rule in split_rules(value or "")
        if not DATE_RULE.match(rule) and not PH_RULE.match(rule)
    ]
    return "; ".join(rules)


def next_opening_text(moment, now=None):
    """When a closed business opens, in the visitor's language and the
    site's time: "heute ab 14 Uhr", "morgen ab 8 Uhr", "am Montag ab 9 Uhr"
    (within a week), else "am 24. Dezember ab 9:30 Uhr"."""
    moment, today = local_now(moment), local_now(now).date()
    # `hour` is the German way ("8", "8:30" before "Uhr"); `time` the clock ("08:00").
    hour = str(moment.hour) if not moment.minute else f"{moment.hour}:{moment.minute:02d}"
    values = {"hour": hour, "time": clock_time(moment)}
    days = (moment.date() - today).days
    if days <= 0:
        return _("heute ab %(hour)s Uhr") % values
    if days == 1:
        return _("morgen ab %(hour)s Uhr") % values
    if days < 7:
        return _("am %(weekday)s ab %(hour)s Uhr") % {**values, "weekday": weekday_name(moment)}
    return _("am %(date)s ab %(hour)s Uhr") % {**values, "date": day_and_month(moment)}
