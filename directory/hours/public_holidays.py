"""Public holidays of the site's state (`HOLIDAYS_COUNTRY`, `HOLIDAYS_SUBDIVISION`,
North Rhine-Westphalia in the first deployment) for the `PH` selector of
opening hours.

opening-hours-py knows countries, not states: its "DE" calendar lacks
Fronleichnam and Allerheiligen. The maintained `holidays` package knows the
states; their dates are added to every rule that names `PH` as explicit date
rules right after it, so "PH off" closes on every holiday of the state."""

import re
from functools import lru_cache

import holidays

from django.conf import settings
from django.utils.translation import pgettext, pgettext_lazy

from .syntax import OSM_MONTHS, split_rules

# A rule whose selector is a weekday list containing PH, e.g. "PH off",
# "Su,PH off", "PH 10:00-12:00".
PH_RULE = re.compile(
    r"^(?P<days>(?:[A-Za-z]{2}(?:-[A-Za-z]{2})?,)*PH(?:,[A-Za-z]{2}(?:-[A-Za-z]{2})?)*)(?P<rest>\s.*)?$"
)


def region():
    return settings.HOLIDAYS_COUNTRY, settings.HOLIDAYS_SUBDIVISION or None


@lru_cache(maxsize=16)
def holiday_dates(country, subdivision, years):
    """{date: name} of the public holidays of `country` (and `subdivision`) in `years`."""
    calendar = holidays.country_holidays(country, subdiv=subdivision, years=years, language="de")
    return dict(sorted(calendar.items()))


# Germany's recurring public holidays as `holidays` names them in German, for
# the catalogues: the package itself translates them into English and
# Ukrainian only, not into Turkish, Arabic, Bulgarian or Romanian.
HOLIDAY_NAMES = (
    pgettext_lazy("public holiday", "Neujahr"),
    pgettext_lazy("public holiday", "Heilige Drei Könige"),
    pgettext_lazy("public holiday", "Frauentag"),
    pgettext_lazy("public holiday", "Karfreitag"),
    pgettext_lazy("public holiday", "Ostersonntag"),
    pgettext_lazy("public holiday", "Ostermontag"),
    pgettext_lazy("public holiday", "Erster Mai"),
    pgettext_lazy("public holiday", "Christi Himmelfahrt"),
    pgettext_lazy("public holiday", "Pfingstsonntag"),
    pgettext_lazy("public holiday", "Pfingstmontag"),
    pgettext_lazy("public holiday", "Fronleichnam"),
    pgettext_lazy("public holiday", "Augsburger Hohes Friedensfest"),
    pgettext_lazy("public holiday", "Mariä Himmelfahrt"),
    pgettext_lazy("public holiday", "Weltkindertag"),
    pgettext_lazy("public holiday", "Tag der Deutschen Einheit"),
    pgettext_lazy("public holiday", "Reformationstag"),
    pgettext_lazy("public holiday", "Allerheiligen"),
    pgettext_lazy("public holiday", "Buß- und Bettag"),
    pgettext_lazy("public holiday", "Erster Weihnachtstag"),
    pgettext_lazy("public holiday", "Zweiter Weihnachtstag"),
)


def holiday_name(day):
    """The name of the public holiday on `day` in the interface language
    ("Fronleichnam", "Corpus Christi", "Kutsal Beden Bayramı"), or "" on a
    working day. A name the catalogues lack is shown as `holidays` gives it."""
    country, subdivision = region()
    name = holiday_dates(country, subdivision, years_around(day)).get(day, "")
    return pgettext("public holiday", name) if name else ""


def years_around(day):
    return (day.year - 1, day.year, day.year + 1, day.year + 2)


def is_public_holiday(day):
    country, subdivision = region()
    return day in holiday_dates(country, subdivision, years_around(day))


def _osm_date(day):
    return f"{day.year} {OSM_MONTHS[day.month - 1]} {day.day:02d}"


def with_state_holidays(value, years):
    """`value` with each PH rule followed by the same rule for the explicit
    dates of the state's holidays in `years` (a rule like "PH off" becomes
    "PH off; 2027 May 27,2027 Nov 01,… off"). Quoted comments are left alone."""
    if "PH" not in value:
        return value
    country, subdivision = region()
    dates = ",".join(_osm_date(day) for day in holiday_dates(country, subdivision, years))
    if not dates:
        return value
    rules = []
    for rule in split_rules(value):
        rules.append(rule)
        match = PH_RULE.match(rule)
        if match:
            rules.append(f"{dates}{match.group('rest') or ''}")
    return "; ".join(rules)


def holidays_in(start, end):
    """[(date, name)] of the state's holidays from `start` to `end` inclusive."""
    country, subdivision = region()
    years = tuple(range(start.year, end.year + 1))
    return [
        (day, name)
        for day, name in holiday_dates(country, subdivision, years).items()
        if start <= day <= end
    ]
