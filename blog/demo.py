"""Demo campaigns, workshops and news for Hochfeld and Marxloh. Offline and
idempotent: venue coordinates are part of the data; dates are relative to
today so that some events are always upcoming and some past."""

import datetime
from decimal import Decimal

from directory.models import BusinessPage, Language
from quartier.clock import local_today, site_zone

from .models import (
    CampaignPage,
    EventIndexPage,
    NewsIndexPage,
    NewsPage,
    TargetGroup,
    WorkshopDate,
    WorkshopPage,
)

TARGET_GROUPS = [
    # slug, German name, translations
    (
        "frauen",
        "Frauen",
        {"en": "Women", "tr": "Kadınlar", "ar": "نساء", "bg": "Жени", "ro": "Femei"},
    ),
    (
        "neuzugewanderte",
        "Neu Zugewanderte",
        {
            "en": "Newcomers",
            "tr": "Yeni gelenler",
            "ar": "القادمون الجدد",
            "bg": "Новодошли",
            "ro": "Nou-veniți",
        },
    ),
    (
        "senioren",
        "Seniorinnen und Senioren",
        {
            "en": "Seniors",
            "tr": "Yaşlılar",
            "ar": "كبار السن",
            "bg": "Възрастни хора",
            "ro": "Seniori",
        },
    ),
    (
        "geschaeftsleute",
        "Geschäftsleute",
        {
            "en": "Shopkeepers",
            "tr": "Esnaf",
            "ar": "أصحاب المحلات",
            "bg": "Търговци",
            "ro": "Comercianți",
        },
    ),
    (
        "arbeitsuchende",
        "Arbeitsuchende",
        {
            "en": "Job seekers",
            "tr": "İş arayanlar",
            "ar": "الباحثون عن عمل",
            "bg": "Търсещи работа",
            "ro": "Persoane în căutarea unui loc de muncă",
        },
    ),
]

CAMPAIGNS = [
    {
        "slug": "herbstmarkt-hochfeld",
        "title": "Herbstwochen in Hochfeld",
        "teaser": "Zwei Wochen lang Angebote, Verkostungen und ein Stempelheft: Wer in fünf Geschäften einkauft, gewinnt einen Gutschein.",
        "start": -5,
        "end": 14,
        "locations": "Wanheimer Straße\nHochfelder Markt",
        "businesses": ["demo-001", "demo-002", "demo-003", "demo-009"],
        "text": "<p>Die Geschäfte an der Wanheimer Straße laden ein. Holen Sie sich Ihr Stempelheft in einem der teilnehmenden Geschäfte.</p>",
    },
    {
        "slug": "brautmodenmeile-lange-nacht",
        "title": "Lange Nacht der Brautmodenmeile",
        "teaser": "Die Geschäfte an der Weseler Straße haben bis 22 Uhr geöffnet – mit Modenschau und Musik.",
        "start": 30,
        "end": 30,
        "locations": "Weseler Straße, Marxloh",
        "businesses": ["demo-021", "demo-022", "demo-023"],
        "text": "<p>Einmal im Jahr zeigen die Geschäfte der Brautmodenmeile ihre neuen Kollektionen bis in den Abend.</p>",
    },
    {
        "slug": "fruehjahrsputz-im-quartier",
        "title": "Frühjahrsputz im Quartier",
        "teaser": "Geschäfte und Nachbarschaft räumen gemeinsam auf: Handschuhe und Säcke gibt es in den teilnehmenden Läden.",
        "start": -200,
        "end": -193,
        "locations": "Hochfeld\nMarxloh",
        "businesses": ["demo-005", "demo-009", "demo-025"],
        "text": "<p>Über 80 Menschen haben mitgemacht. Danke an alle!</p>",
    },
]

HOCHFELD_VENUE = {
    "venue_name": "Stadtteilbüro Hochfeld",
    "venue_street": "Wanheimer Straße",
    "venue_house_number": "100",
    "venue_postcode": "47053",
    "venue_city": "Duisburg",
    "venue_latitude": Decimal("51.418900"),
    "venue_longitude": Decimal("6.759800"),
}
MARXLOH_VENUE = {
    "venue_name": "Begegnungszentrum Marxloh",
    "venue_street": "Weseler Straße",
    "venue_house_number": "60",
    "venue_postcode": "47169",
    "venue_city": "Duisburg",
    "venue_latitude": Decimal("51.501800"),
    "venue_longitude": Decimal("6.779200"),
}

WORKSHOPS = [
    {
        "slug": "smartphone-grundlagen",
        "title": "Smartphone-Grundlagen",
        "teaser": "Fotos verschicken, Termine online buchen, sicher im Internet: Schritt für Schritt am eigenen Handy.",
        "venue": HOCHFELD_VENUE,
        "languages": ["de", "tr"],
        "groups": ["senioren", "frauen"],
        "level": WorkshopPage.Level.BEGINNER,
        "capacity": 10,
        # (days from today, start hour, duration in hours)
        "dates": [(10, 10, 2), (17, 10, 2)],
    },
    {
        "slug": "google-profil-fuer-mein-geschaeft",
        "title": "Mein Geschäft im Internet finden lassen",
        "teaser": "Öffnungszeiten, Fotos und Bewertungen: So pflegen Sie Ihr Profil bei Karten und Suchmaschinen.",
        "venue": MARXLOH_VENUE,
        "languages": ["de", "ar", "bg"],
        "groups": ["geschaeftsleute"],
        "level": WorkshopPage.Level.ALL,
        "capacity": 12,
        "dates": [(24, 18, 2)],
    },
    {
        "slug": "bewerben-am-computer",
        "title": "Bewerben am Computer",
        "teaser": "Lebenslauf schreiben, als PDF speichern und per E-Mail verschicken.",
        "venue": HOCHFELD_VENUE,
        "languages": ["de", "ro"],
        "groups": ["arbeitsuchende", "neuzugewanderte"],
        "level": WorkshopPage.Level.BEGINNER,
        "capacity": 8,
        "dates": [(-30, 9, 3)],
    },
    {
        "slug": "online-banking-sicher",
        "title": "Online-Banking – aber sicher",
        "teaser": "Wie erkenne ich falsche E-Mails? Wie überweise ich sicher? Mit Übungskonto, ohne echtes Geld.",
        "venue": MARXLOH_VENUE,
        "languages": ["de", "tr", "ar"],
        "groups": ["senioren"],
        "level": WorkshopPage.Level.ADVANCED,
        "capacity": 10,
        "dates": [(-60, 14, 2)],
    },
]

RESULTS_TEXT = (
    "<p>Seit Januar 2023 hat das Projekt 827 Menschen unterstützt. 670 von ihnen waren arbeitslos, "
    "735 haben eine Einwanderungsgeschichte.</p>"
    "<p>171 Menschen haben eine Arbeit gefunden. 32 Menschen haben eine Ausbildung begonnen. "
    "222 Menschen haben ihre Chancen auf dem Arbeitsmarkt verbessert.</p>"
    "<p>Wir danken allen Geschäften, Beratungsstellen und Teilnehmenden!</p>"
)

NEWS = [
    {
        "slug": "bilanz-des-programms",
        "title": "Bilanz: 827 Menschen unterstützt",
        "teaser": "Seit Januar 2023 hat das Projekt 827 Menschen begleitet. 171 von ihnen haben eine Arbeit gefunden.",
        "author": "Koordinationsteam",
        "days": -3,
        "tags": ["Bilanz", "Arbeit"],
        "html": RESULTS_TEXT,
    },
    {
        "slug": "neue-digitale-sprechstunde",
        "title": "Neu: Digitale Sprechstunde für Geschäfte",
        "teaser": "Jeden Dienstag helfen wir bei Website, Onlineshop und Kartenprofil – ohne Termin.",
        "author": "Mara Feldkamp",
        "days": -12,
        "tags": ["Digitales", "Geschäfte"],
        "html": "<p>Jeden Dienstag von 15 bis 18 Uhr im Stadtteilbüro Hochfeld. Bringen Sie Ihr Handy oder Ihren Laptop mit.</p>",
    },
    {
        "slug": "plattform-online",
        "title": "Die Stadtteil-Plattform ist online",
        "teaser": "Geschäfte aus Hochfeld und Marxloh stellen sich vor – in sechs Sprachen.",
        "author": "Deniz Aksoy",
        "days": -40,
        "tags": ["Plattform"],
        "html": "<p>Auf der neuen Plattform finden Sie Geschäfte, Workshops und Aktionen aus Ihrer Nachbarschaft.</p>",
    },
]


def _child(parent, model, slug, **fields):
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is not None:
        return page, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def _at(today, days, hour):
    day = today + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=site_zone())


def load(home, stdout):
    today = local_today()
    groups = {}
    for order, (slug, name, translations) in enumerate(TARGET_GROUPS):
        groups[slug], _created = TargetGroup.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "name_translations": translations, "sort_order": order},
        )
    languages = {language.code: language for language in Language.objects.all()}

    events, _created = _child(
        home,
        EventIndexPage,
        "termine",
        title="Aktionen und Workshops",
        introduction="Gemeinsame Aktionen der Geschäfte und kostenlose Workshops zu digitalen Themen.",
        show_in_menus=True,
    )
    news_index, _created = _child(
        home,
        NewsIndexPage,
        "neuigkeiten",
        title="Neuigkeiten",
        introduction="Was gibt es Neues im Programm?",
        show_in_menus=True,
    )

    created = 0
    for data in CAMPAIGNS:
        if CampaignPage.objects.child_of(events).filter(slug=data["slug"]).exists():
            continue
        businesses = BusinessPage.objects.filter(external_id__in=data["businesses"])
        _child(
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

    for data in WORKSHOPS:
        if WorkshopPage.objects.child_of(events).filter(slug=data["slug"]).exists():
            continue
        dates = [
            WorkshopDate(
                start=_at(today, days, hour),
                end=_at(today, days, hour) + datetime.timedelta(hours=hours),
            )
            for days, hour, hours in data["dates"]
        ]
        _child(
            events,
            WorkshopPage,
            data["slug"],
            title=data["title"],
            teaser=data["teaser"],
            description=f"<p>{data['teaser']}</p><p>Die Teilnahme ist kostenlos. Bitte melden Sie sich an.</p>",
            level=data["level"],
            capacity=data["capacity"],
            cost=Decimal("0"),
            dates=dates,
            languages=[languages[code] for code in data["languages"] if code in languages],
            target_groups=[groups[slug] for slug in data["groups"]],
            **data["venue"],
        )
        created += 1

    for data in NEWS:
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
