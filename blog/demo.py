"""Demo campaigns, workshops and news for Hochfeld and Marxloh. Offline and
idempotent: venue coordinates are part of the data (blog/demo_data/, JSON);
dates are days relative to today, so that some events are always upcoming
and some past."""

import datetime
from decimal import Decimal

from directory.models import BusinessPage, Language
from quartier.clock import local_today, site_zone
from quartier.demo import child_page, read_data

from .models import (
    CampaignPage,
    EventIndexPage,
    NewsIndexPage,
    NewsPage,
    TargetGroup,
    WorkshopDate,
    WorkshopPage,
)

DATA = "blog"


def _at(today, days, hour):
    day = today + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=site_zone())


def venues():
    """{key: the venue fields of WorkshopPage}, coordinates as Decimals."""
    result = {}
    for key, venue in read_data(DATA, "venues").items():
        venue = dict(venue)
        for name in ("venue_latitude", "venue_longitude"):
            venue[name] = Decimal(venue[name])
        result[key] = venue
    return result


def load(home, stdout):
    today = local_today()
    groups = {}
    for order, data in enumerate(read_data(DATA, "target_groups")):
        groups[data["slug"]], _created = TargetGroup.objects.get_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "name_translations": data["translations"],
                "sort_order": order,
            },
        )
    languages = {language.code: language for language in Language.objects.all()}

    events, _created = child_page(
        home,
        EventIndexPage,
        "termine",
        title="Aktionen und Workshops",
        introduction="Gemeinsame Aktionen der Geschäfte und kostenlose Workshops zu "
        "digitalen Themen.",
        show_in_menus=True,
    )
    news_index, _created = child_page(
        home,
        NewsIndexPage,
        "neuigkeiten",
        title="Neuigkeiten",
        introduction="Was gibt es Neues im Programm?",
        show_in_menus=True,
    )

    created = 0
    for data in read_data(DATA, "campaigns"):
        if CampaignPage.objects.child_of(events).filter(slug=data["slug"]).exists():
            continue
        businesses = BusinessPage.objects.filter(external_id__in=data["businesses"])
        child_page(
            events,
            CampaignPage,
            data["slug"],
            title=data["title"],
            teaser=data["teaser"],
            start_date=today + datetime.timedelta(days=data["start"]),
            end_date=today + datetime.timedelta(days=data["end"]),
            locations=data["locations"],
            body=[{"type": "paragraph", "value": data["text"]}],
            participating_businesses=list(businesses),
        )
        created += 1

    places = venues()
    for data in read_data(DATA, "workshops"):
        if WorkshopPage.objects.child_of(events).filter(slug=data["slug"]).exists():
            continue
        dates = [
            WorkshopDate(
                start=_at(today, date["days"], date["hour"]),
                end=_at(today, date["days"], date["hour"])
                + datetime.timedelta(hours=date["hours"]),
            )
            for date in data["dates"]
        ]
        child_page(
            events,
            WorkshopPage,
            data["slug"],
            title=data["title"],
            teaser=data["teaser"],
            description=f"<p>{data['teaser']}</p><p>Die Teilnahme ist kostenlos. "
            "Bitte melden Sie sich an.</p>",
            level=data["level"],
            capacity=data["capacity"],
            cost=Decimal("0"),
            dates=dates,
            languages=[languages[code] for code in data["languages"] if code in languages],
            target_groups=[groups[slug] for slug in data["groups"]],
            **places[data["venue"]],
        )
        created += 1

    for data in read_data(DATA, "news"):
        if NewsPage.objects.child_of(news_index).filter(slug=data["slug"]).exists():
            continue
        page = NewsPage(
            slug=data["slug"],
            title=data["title"],
            teaser=data["teaser"],
            author=data["author"],
            date=today + datetime.timedelta(days=data["days"]),
            body=[{"type": "paragraph", "value": data["html"]}],
        )
        page.tags.add(*data["tags"])
        news_index.add_child(instance=page)
        page.save_revision().publish()
        created += 1

    stdout.write(f"Aktionen, Workshops und Neuigkeiten: {created} neu angelegt.")
