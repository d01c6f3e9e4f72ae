"""Template tags of the business profile: opening-hours badge and table,
schema.org JSON-LD and Open Graph data."""

import datetime
import json

import phonenumbers

from django import template
from django.conf import settings
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from directory.hours import (
    holiday_name,
    interval_text,
    is_public_holiday,
    regular_hours,
    state_at,
    upcoming_exceptions,
    week_table,
)
from directory.models import tag_translations
from quartier.clock import local_now, local_today, site_zone
from quartier.templatetags.quartier_tags import marked_name, name_in_language

register = template.Library()

SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# The same escapes as Django's json_script: the JSON can never close the <script>.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _time(moment):
    return moment.strftime("%H:%M")


def _day_phrase(moment, now):
    """ "" for today, "morgen", a weekday name within the week, else a date."""
    days = (moment.date() - now.date()).days
    if days <= 0:
        return ""
    if days == 1:
        return _("morgen")
    if days < 7:
        return str(WEEKDAYS[moment.weekday()])
    return _("am %(date)s") % {"date": moment.strftime("%d.%m.")}


def opening_badge_text(opening_hours, when=None, state=None):
    """E.g. "Jetzt geöffnet · schließt um 18:00" or "Geschlossen · öffnet
    morgen um 09:00", in Europe/Berlin; None when the hours are unknown.
    `state`: the hours' state at `when`, where the caller has it already."""
    now = local_now(when)
    if state is None:
        state = state_at(opening_hours, now)
    if not state.is_known:
        return None
    change = state.next_change.astimezone(site_zone()) if state.next_change else None
    if state.is_open:
        if change is None:
            return _("Jetzt geöffnet")
        day = _day_phrase(change, now)
        if day:
            text = _("schließt %(day)s um %(time)s") % {"day": day, "time": _time(change)}
        else:
            text = _("schließt um %(time)s") % {"time": _time(change)}
        return _("Jetzt geöffnet") + " · " + text
    if change is None:
        return _("Geschlossen")
    day = _day_phrase(change, now)
    if day:
        text = _("öffnet %(day)s um %(time)s") % {"day": day, "time": _time(change)}
    else:
        text = _("öffnet um %(time)s") % {"time": _time(change)}
    return _("Geschlossen") + " · " + text


@register.inclusion_tag("components/directory/opening_badge.html")
def opening_badge(business, when=None):
    # One evaluation of the hours per card (a listing shows twenty).
    now = local_now(when)
    state = state_at(business.opening_hours, now)
    return {
        "text": opening_badge_text(business.opening_hours, now, state),
        "is_open": state.is_open,
    }


@register.filter
def tag_name(tag):
    """A tag's name in the interface language (TagTranslation), or its German
    name marked as German where it lacks a translation."""
    return marked_name(tag.name, tag_translations().get(tag.pk))


@register.simple_tag
def opening_table(opening_hours, start=None):
    """Rows for the seven-day table: weekday, date, intervals in the visitor's
    locale ("09:00–18:00"), and whether the day is a public holiday."""
    today = local_today(start)
    rows = []
    for day, intervals in week_table(opening_hours, start):
        rows.append(
            {
                "weekday": str(WEEKDAYS[day.weekday()]),
                "date": date_format(day, "SHORT_DATE_FORMAT"),
                "is_today": day == today,
                "is_holiday": is_public_holiday(day),
                "holiday": holiday_name(day),
                "intervals": [interval_text(opens, closes) for opens, closes in intervals],
            }
        )
    return rows


@register.simple_tag
def opening_exceptions(opening_hours, start=None):
    """The vacations and special days of the coming 30 days, in words."""
    return upcoming_exceptions(opening_hours, local_today(start))


# How far ahead holidays, vacations and special days are announced.
SPECIAL_DAYS_AHEAD = 60
# The regular week (no holiday or dated rule applies) is read from Monday
# 1 January 2024 to Sunday 7 January, with the days either side so that hours
# past midnight join across the week's ends.
REFERENCE_WEEK = (datetime.date(2024, 1, 1), datetime.date(2024, 1, 7))
REFERENCE_START = datetime.datetime(2023, 12, 31, 12, tzinfo=datetime.UTC)


def _merged(intervals):
    """[day, opens, closes] with an interval past midnight as one entry whose
    closing time is before its opening time."""
    merged = []
    for day, opens, closes in intervals:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and opens == datetime.time.min
            and previous[2] == datetime.time(23, 59)
            and (day - previous[0]).days == 1
        ):
            previous[2] = closes
            continue
        merged.append([day, opens, closes])
    return merged


def opening_hours_specification(opening_hours, start=None):
    """schema.org OpeningHoursSpecification of the regular week: without
    holidays, vacations and special days (those are the special entries)."""
    table = week_table(regular_hours(opening_hours), REFERENCE_START, days=9)
    intervals = [
        [day, opens, closes] for day, day_intervals in table for opens, closes in day_intervals
    ]
    first, last = REFERENCE_WEEK
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[day.weekday()]}",
            "opens": _time(opens),
            "closes": _time(closes),
        }
        for day, opens, closes in _merged(intervals)
        if first <= day <= last
    ]


def special_opening_hours_specification(opening_hours, start=None):
    """The coming days whose hours differ from the regular week (public
    holidays, vacations, special days), each with validFrom/validThrough;
    a closed day opens and closes at 00:00, as Google documents."""
    regular = {
        day.weekday(): intervals
        for day, intervals in week_table(regular_hours(opening_hours), REFERENCE_START, days=9)
    }
    specs = []
    for day, intervals in week_table(opening_hours, start, days=SPECIAL_DAYS_AHEAD):
        if intervals == regular.get(day.weekday()):
            continue
        for opens, closes in intervals or [(datetime.time.min, datetime.time.min)]:
            specs.append(
                {
                    "@type": "OpeningHoursSpecification",
                    "validFrom": day.isoformat(),
                    "validThrough": day.isoformat(),
                    "opens": _time(opens),
                    "closes": _time(closes),
                }
            )
    return specs


def e164(phone):
    """A German phone number as typed ("0203 123456") in E.164 (+49203123456);
    None when it is no valid number."""
    try:
        number = phonenumbers.parse(phone, settings.HOLIDAYS_COUNTRY)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def local_business_data(page, request=None):
    category = page.category if page.category_id else None
    data = {
        "@context": "https://schema.org",
        "@type": category.schema_type if category else "LocalBusiness",
        "name": page.title,
        "url": page.get_full_url(request),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": " ".join(p for p in (page.street, page.house_number) if p),
            "postalCode": page.postcode,
            "addressLocality": page.city,
            "addressRegion": settings.HOLIDAYS_SUBDIVISION,
            "addressCountry": settings.HOLIDAYS_COUNTRY,
        },
    }
    if page.tagline:
        data["description"] = page.tagline
    telephone = e164(page.phone) if page.phone else None
    if telephone:
        data["telephone"] = telephone
    if page.email:
        data["email"] = page.email
    if page.website:
        data["sameAs"] = [page.website]
    if page.is_on_map:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(page.latitude),
            "longitude": float(page.longitude),
        }
    image = page.logo if page.logo_id else None
    if image is not None and request is not None:
        data["image"] = [request.build_absolute_uri(image.get_rendition("max-800x800").url)]
    specs = opening_hours_specification(page.opening_hours)
    if specs:
        data["openingHoursSpecification"] = specs
    special = special_opening_hours_specification(page.opening_hours)
    if special:
        data["specialOpeningHoursSpecification"] = special
    # Only a FoodEstablishment may have servesCuisine; named as the page shows them.
    cuisines = page.served_cuisines()
    if cuisines:
        data["servesCuisine"] = [
            name_in_language(cuisine.name, cuisine.name_translations)[0] for cuisine in cuisines
        ]
    if category:
        data["additionalType"] = category.name
    return data


def json_for_script(data):
    return json.dumps(data, ensure_ascii=False, sort_keys=True).translate(JSON_SCRIPT_ESCAPES)


@register.simple_tag(takes_context=True)
def business_json_ld(context, page):
    """<script type="application/ld+json"> with the LocalBusiness data, escaped
    like json_script (CSP allows it: JSON scripts are not executed)."""
    data = json_for_script(local_business_data(page, context.get("request")))
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))  # noqa: S308


@register.filter
def distance_label(metres):
    """1234 → "1,2 km entfernt", 300 → "300 m entfernt"."""
    if metres < 1000:
        return _("%(metres)d m entfernt") % {"metres": metres}
    return _("%(km)s km entfernt") % {"km": number_format(round(metres / 1000, 1), 1)}


MAP_LIST_ITEM = (
    '<li class="map-list__item" data-feature-id="{}">'
    '<a class="map-list__link" href="{}">{}</a> '
    '<span class="map-list__meta">{}</span> '
    '<span class="map-list__state">{}</span></li>'
)


@register.simple_tag
def map_list_items(features):
    """The map page's list of businesses, one <li> per GeoJSON feature, as
    static/js/map.js draws it: written here rather than as 300 includes of a
    template, which took a third of the map page's rendering."""
    states = {True: _("jetzt geöffnet"), False: _("jetzt geschlossen")}
    rows = []
    for feature in features:
        item = feature["properties"]
        meta = item.get("category_name") or ""
        if item.get("district_name"):
            meta = f"{meta} · {item['district_name']}"
        rows.append(
            format_html(
                MAP_LIST_ITEM,
                item["id"],
                item["url"],
                item["name"],
                meta,
                states.get(item.get("open_now"), ""),
            )
        )
    return mark_safe("".join(rows))  # noqa: S308 - each row built by format_html
