"""Dates and times as each interface language writes them (Babel's CLDR data):
"20. November 2026" in German, "20 Kasım 2026" in Turkish, "20 نوفمبر 2026"
in Arabic; a session's times as "10:00–12:00 Uhr" in German and "10:00–12:00"
where the language adds no word. Times are shown in the site's zone."""

import datetime

from babel.dates import (
    format_date,
    format_interval,
    format_skeleton,
    get_datetime_format,
)

from django.utils import timezone, translation


def _locale():
    return (translation.get_language() or "de").replace("-", "_")


def _local(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


def local_date(value):
    """The calendar date of `value` in the site's zone (a date stays as it is)."""
    value = _local(value)
    return value.date() if isinstance(value, datetime.datetime) else value


def long_date(value):
    """20. November 2026."""
    return format_date(local_date(value), "long", locale=_locale())


def weekday_date(value):
    """Freitag, 20. November 2026."""
    return format_date(local_date(value), "full", locale=_locale())


def date_range(start, end):
    """20. November – 9. Dezember 2026 (the year once when both share it)."""
    start, end = local_date(start), local_date(end)
    locale = _locale()
    if end is None or start == end:
        return long_date(start)
    if start.year == end.year:
        first = format_skeleton("MMMMd", start, locale=locale)
    else:
        first = format_date(start, "long", locale=locale)
    return f"{first} – {format_date(end, 'long', locale=locale)}"


def time_range(start, end):
    """10:00–12:00 Uhr (German), 10:00–12:00 (Turkish), 10:00 ч. – 12:00 ч. (Bulgarian)."""
    start, end = _local(start), _local(end)
    return format_interval(start.time(), end.time(), "Hm", locale=_locale())


def clock_time(value):
    """10:00: a single time of day, on the 24-hour clock like time_range."""
    return format_skeleton("Hm", _local(value).time(), locale=_locale())


def weekday_name(value):
    """Montag, Pazartesi, الاثنين."""
    return format_date(local_date(value), "EEEE", locale=_locale())


def day_and_month(value):
    """24. Dezember."""
    return format_skeleton("MMMMd", local_date(value), locale=_locale())


def join_date_and_time(date_text, time_text):
    """The language's own joint: "Freitag, 20. November 2026, 10:00", "… ، 10:00"."""
    return get_datetime_format("medium", locale=_locale()).format(time_text, date_text)


def session(start, end):
    """Freitag, 20. November 2026, 10:00–12:00 Uhr."""
    if local_date(start) != local_date(end):
        return (
            f"{join_date_and_time(weekday_date(start), clock_time(start))} – "
            f"{join_date_and_time(weekday_date(end), clock_time(end))}"
        )
    return join_date_and_time(weekday_date(start), time_range(start, end))
