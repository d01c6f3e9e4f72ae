"""Printed materials as PDF: window stickers, campaign posters, district guides.

WeasyPrint lays out the HTML templates in templates/print/ with Pango and
HarfBuzz, so Arabic is shaped and set right to left as on the site. Fonts come
from static/fonts/ and nothing else is fetched: `LocalFetcher` refuses every
URL but data: and our font files, so a PDF renders the same offline."""

import datetime
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

import segno
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.dates import WEEKDAYS_ABBR

from wagtail.models import Locale

from directory.hours import week_table
from directory.models import BusinessPage
from quartier.clock import local_today, start_of_day
from quartier.i18n import localized_all
from quartier.models import SiteSettings

from . import owner_guide

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
# Paper sizes in millimetres. Each layout is designed for the first size of its
# kind; a larger size is the same layout scaled up (WeasyPrint's zoom).
PAPER_MM = {"A6": (105, 148), "A5": (148, 210), "A4": (210, 297), "A3": (297, 420)}
STICKER_SIZES = ("A6", "A5")
POSTER_SIZES = ("A4", "A3")
SIZES = {
    "stickers": STICKER_SIZES,
    "poster": POSTER_SIZES,
    "guide": ("A4",),
    "owner-guide": ("A4",),
}


class LocalFetcher:
    """WeasyPrint's fetcher restricted to data: URLs and files in FONT_DIR."""

    def __init__(self):
        self._fetcher = URLFetcher(allowed_protocols=("data", "file"))
        self._fail_on_errors = False

    def __call__(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlsplit(url).path)).resolve()
            if path.parent != FONT_DIR.resolve():
                raise ValueError(f"not one of our font files: {url}")
        elif not url.startswith("data:"):
            raise ValueError(f"no network in printed materials: {url}")
        return self._fetcher.fetch(url, headers)


def qr_code(url):
    """A QR code for `url` as an SVG data URI (vector, sharp at any size)."""
    return segno.make_qr(url, error="m").svg_data_uri(scale=10, border=4)


def platform_name():
    return SiteSettings.load().programme_name or settings.WAGTAIL_SITE_NAME


def localized(page, language):
    """The live translation of `page` in `language`, else the page itself."""
    return localized_all([page], language)[page.pk]


def printable_businesses(district=None, campaign=None):
    """Live, public, listed businesses of the source-language tree, by name."""
    businesses = BusinessPage.objects.live().public().listed().filter(locale=Locale.get_default())
    if district is not None:
        businesses = businesses.in_district(district)
    if campaign is not None:
        businesses = businesses.filter(
            pk__in=[business.pk for business in campaign.participating_businesses.all()]
        )
    return businesses.for_listing().order_by("title", "pk")


def regular_hours(value, today=None):
    """The usual week of opening hours `value` as [(first_weekday, last_weekday,
    [(opens, closes), ...]), ...], Monday 0, consecutive days with the same
    hours joined. Per weekday the hours most of the next five weeks agree on,
    so a public holiday does not print as a closed day. [] when unknown."""
    start = today or local_today()
    monday = start + datetime.timedelta(days=7 - start.weekday())
    per_weekday = [Counter() for _day in range(7)]
    for week in range(5):
        for day, intervals in week_table(
            value, start_of_day(monday + datetime.timedelta(weeks=week))
        ):
            per_weekday[day.weekday()][tuple(intervals)] += 1
    if not any(per_weekday):
        return []
    groups = []
    for weekday, counter in enumerate(per_weekday):
        intervals = counter.most_common(1)[0][0] if counter else ()
        if not intervals:
            continue
        if groups and groups[-1][1] == weekday - 1 and groups[-1][2] == list(intervals):
            groups[-1][1] = weekday
        else:
            groups.append([weekday, weekday, list(intervals)])
    return [tuple(group) for group in groups]


def hours_text(value, today=None, separator="; "):
    """Opening hours for print in the active language ("Mo–Fr 09:00–18:00;
    Sa 10:00–14:00"); the value as entered when it cannot be read."""
    groups = regular_hours(value, today)
    if not groups:
        return value
    parts = []
    for first, last, intervals in groups:
        days = str(WEEKDAYS_ABBR[first])
        if last != first:
            days += f"–{WEEKDAYS_ABBR[last]}"
        times = ", ".join(f"{opens:%H:%M}–{closes:%H:%M}" for opens, closes in intervals)
        parts.append(f"{days} {times}")
    return separator.join(parts)


def render_pdf(template, context, language, kind, size):
    """Renders `template` in `language` to PDF bytes of paper `size`."""
    if size not in SIZES[kind]:
        raise ValueError(f"{kind}: size must be one of {', '.join(SIZES[kind])}, not {size}")
    width, height = PAPER_MM[size]
    zoom = width / PAPER_MM[SIZES[kind][0]][0]
    with translation.override(language):
        html = render_to_string(
            template,
            {
                **context,
                "font_dir": FONT_DIR.resolve().as_uri(),
                "platform_name": platform_name(),
                "language": language,
                "direction": "rtl" if translation.get_language_bidi() else "ltr",
                "page_size": f"{width / zoom:.3f}mm {height / zoom:.3f}mm",
            },
        )
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=LocalFetcher())
    return document.write_pdf(zoom=zoom, font_config=FontConfiguration())


def render_stickers(businesses, *, size="A6", language=None, request=None):
    """One window sticker per business, one page each."""
    language = language or settings.LANGUAGE_CODE
    businesses = list(businesses)
    pages = localized_all(businesses, language)
    stickers = []
    for business in businesses:
        page = pages[business.pk]
        with translation.override(language):  # under the reader's prefix
            url = page.get_full_url(request)
        stickers.append(
            {
                "name": page.title,
                "languages": [spoken.native_name for spoken in business.languages.all()],
                "url": url,
                "qr": qr_code(url),
            }
        )
    return render_pdf("print/stickers.html", {"stickers": stickers}, language, "stickers", size)


def render_poster(campaign, *, size="A4", language=None, request=None):
    """A poster of a campaign: dates, places, participating businesses, QR code."""
    language = language or settings.LANGUAGE_CODE
    page = localized(campaign, language)
    with translation.override(language):
        url = page.get_full_url(request)
    participants = list(localized_all(printable_businesses(campaign=campaign), language).values())
    context = {"campaign": page, "participants": participants, "url": url, "qr": qr_code(url)}
    return render_pdf("print/poster.html", context, language, "poster", size)


def render_guide(district, *, language=None, request=None):
    """A district's listed businesses by category, with address, phone and hours."""
    language = language or settings.LANGUAGE_CODE
    groups = {}
    for business in printable_businesses(district=district).order_by(
        "category__sort_order", "category__name", "title", "pk"
    ):
        groups.setdefault(business.category, []).append(business)
    pages = localized_all([b for businesses in groups.values() for b in businesses], language)
    with translation.override(language):
        groups = {
            category: [
                {
                    "page": pages[business.pk],
                    "hours": hours_text(business.opening_hours, separator="\n"),
                }
                for business in businesses
            ]
            for category, businesses in groups.items()
        }
        categories = [
            {"name": str(category) if category else "", "businesses": businesses}
            for category, businesses in groups.items()
        ]
    return render_pdf(
        "print/guide.html",
        {"district": district, "categories": categories},
        language,
        "guide",
        "A4",
    )


def render_owner_guide(language):
    """The owners' guide in `language`: one task a page, each with its screenshot.

    Raises ValueError for a language the guide is not written in."""
    guide = owner_guide.load(language)
    for task in guide["tasks"]:
        task["image_uri"] = owner_guide.data_uri(task["image"]) if task["image"] else ""
    return render_pdf("print/owner_guide.html", {"guide": guide}, language, "owner-guide", "A4")
