"""Demo content for the directory: two Duisburg districts and invented
businesses on real streets. Offline: coordinates are part of the data. The
content is in directory/demo_data/ (JSON); this module builds it with model
code. District boundaries there are simplified outlines for the demo map,
not official ones; each business sits near its street's anchor point."""

import datetime
import hashlib
from decimal import Decimal

from taggit.models import Tag

from quartier.clock import local_today
from quartier.demo import child_page, read_data
from quartier.slugs import ascii_slug

from .models import (
    BusinessJob,
    BusinessPage,
    BusinessPageTranslation,
    Category,
    Cuisine,
    DirectoryIndexPage,
    District,
    Language,
    MapPage,
    PaymentMethod,
    TagTranslation,
)
from .owners import grant_ownership

DATA = "directory"
HOURS = read_data(DATA, "opening_hours")
WEEKDAY_HOURS = HOURS["weekday"]
SHOP_HOURS = HOURS["shop"]
FOOD_HOURS = HOURS["food"]
BAKERY_HOURS = HOURS["bakery"]
PRACTICE_HOURS = HOURS["practice"]


def demo_jobs(number, offers):
    """Every fifth demo business offers a job; valid for a while from today."""
    if number % 5:
        return []
    offer = offers[(number // 5) % len(offers)]
    return [
        BusinessJob(
            title=offer["title"],
            kind=offer["kind"],
            description=offer["description"],
            contact="Bitte im Laden fragen.",
            valid_until=local_today() + datetime.timedelta(days=120),
        )
    ]


def offset_for(name):
    """A small, stable offset (±~150 m) so that shops on one street do not stack."""
    digest = hashlib.sha256(name.encode()).digest()
    return (digest[0] - 128) / 128 * 0.0012, (digest[1] - 128) / 128 * 0.0018


def load_reference_data():
    districts = {}
    for data in read_data(DATA, "districts"):
        district, _ = District.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "city": data["city"],
                "postcodes": data["postcodes"],
                "description": data["description"],
                "centre_latitude": Decimal(str(data["centre"][0])),
                "centre_longitude": Decimal(str(data["centre"][1])),
                "name_translations": data["translations"],
                "boundary": {"type": "Polygon", "coordinates": [data["boundary"]]},
                "sort_order": len(districts),
            },
        )
        districts[district.slug] = district
    for order, data in enumerate(read_data(DATA, "categories")):
        Category.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "name_translations": data["translations"],
                "colour": data["colour"],
                "keywords": data["keywords"],
                "schema_type": data["schema_type"],
                "sort_order": order,
            },
        )
    for order, data in enumerate(read_data(DATA, "languages")):
        Language.objects.update_or_create(
            code=data["code"],
            defaults={
                "native_name": data["native_name"],
                "german_name": data["german_name"],
                "sort_order": order,
            },
        )
    for model, name in ((PaymentMethod, "payment_methods"), (Cuisine, "cuisines")):
        for order, data in enumerate(read_data(DATA, name)):
            model.objects.update_or_create(
                slug=data["slug"],
                defaults={
                    "name": data["name"],
                    "name_translations": data["translations"],
                    "sort_order": order,
                },
            )
    return districts


def load(home, stdout):
    districts = load_reference_data()
    categories = {c.slug: c for c in Category.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}
    payments = {p.slug: p for p in PaymentMethod.objects.all()}
    cuisines = {c.slug: c for c in Cuisine.objects.all()}
    streets = read_data(DATA, "streets")
    offers = read_data(DATA, "job_offers")
    businesses = read_data(DATA, "businesses")

    directory, _ = child_page(
        home,
        DirectoryIndexPage,
        "verzeichnis",
        title="Geschäfte im Quartier",
        introduction="Alle Geschäfte, Praxen und Betriebe in Hochfeld und Marxloh – "
        "mit Öffnungszeiten, Sprachen und Kontakt.",
        show_in_menus=True,
    )
    child_page(
        home,
        MapPage,
        "karte",
        title="Karte",
        introduction="Alle Geschäfte auf einen Blick. Unter der Karte finden Sie dieselben "
        "Einträge als Liste.",
        show_in_menus=True,
    )

    created = 0
    today = datetime.date(2026, 10, 1)
    for number, data in enumerate(businesses, start=1):
        external_id = f"demo-{number:03d}"
        if BusinessPage.objects.filter(external_id=external_id).exists():
            continue
        name, street, house_number = data["name"], data["street"], data["house_number"]
        anchor = streets[street]
        d_lat, d_lng = offset_for(name)
        page = BusinessPage(
            title=name,
            slug=ascii_slug(name),
            tagline=data["tagline"],
            description=f"<p>{data['tagline']}. Besuchen Sie uns in der {street} {house_number}.</p>",
            category=categories[data["category"]],
            district=districts[anchor["district"]],
            street=street,
            house_number=house_number,
            postcode=anchor["postcode"],
            city="Duisburg",
            latitude=Decimal(f"{anchor['latitude'] + d_lat:.6f}"),
            longitude=Decimal(f"{anchor['longitude'] + d_lng:.6f}"),
            location_source=BusinessPage.LocationSource.IMPORTED,
            geocode_status=BusinessPage.GeocodeStatus.OK,
            phone=f"0203 {400000 + number * 137}",
            email=f"kontakt@{ascii_slug(name)}.example",
            opening_hours=data["opening_hours"],
            wheelchair=data["wheelchair"],
            last_checked=today - datetime.timedelta(days=number * 3),
            featured=number % 7 == 1,
            external_id=external_id,
        )
        page.geocoded_address = page.address_line
        page.languages = [languages[code] for code in data["languages"]]
        page.payment_methods = [payments[slug] for slug in data["payment_methods"]]
        page.cuisines = [cuisines[slug] for slug in data.get("cuisines", [])]
        page.tags.add(*[categories[data["category"]].name, anchor["district"].capitalize()])
        page.jobs = demo_jobs(number, offers)
        directory.add_child(instance=page)
        page.save_revision().publish()
        created += 1
    stdout.write(f"Geschäfte: {created} neu, {len(businesses) - created} schon vorhanden.")
    add_missing_cuisines(businesses, cuisines, stdout)
    return directory


def add_missing_cuisines(businesses, cuisines, stdout):
    """Gives the demo's food places that have no cuisine yet theirs (a demo
    site loaded before cuisines existed), as an editor would: in a new
    revision of the business page, published."""
    changed = 0
    for number, data in enumerate(businesses, start=1):
        if not data.get("cuisines"):
            continue
        page = BusinessPage.objects.filter(external_id=f"demo-{number:03d}").first()
        if page is None or page.cuisines.exists():
            continue
        page.cuisines = [cuisines[slug] for slug in data["cuisines"]]
        page.save_revision().publish()
        changed += 1
    if changed:
        stdout.write(f"Küchen ergänzt: {changed} Geschäfte.")


def load_tag_translations(stdout):
    """The names of the demo's tags (the businesses' and the news items') in
    the other languages (tag_translations.json: German name → names), as the
    team would add them under Verzeichnisdaten → Stichwörter."""
    created = 0
    for name, translations in read_data(DATA, "tag_translations").items():
        tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
        _, new = TagTranslation.objects.get_or_create(
            tag=tag, defaults={"name_translations": translations}
        )
        created += new
    stdout.write(f"Übersetzte Stichwörter: {created} neu.")


def load_text_translations(stdout):
    """Adds the Turkish and Arabic texts (text_translations.json, by external
    id) that a business lacks, as an editor would: in a new revision of the
    business page, published."""
    changed = 0
    for external_id, texts in read_data(DATA, "text_translations").items():
        page = BusinessPage.objects.filter(external_id=external_id).first()
        if page is None:
            continue
        existing = set(page.text_translations.values_list("language", flat=True))
        missing = {code: text for code, text in texts.items() if code not in existing}
        if not missing:
            continue
        for code, tagline in missing.items():
            page.text_translations.add(
                BusinessPageTranslation(
                    language=code, tagline=tagline, description=f"<p>{tagline}.</p>"
                )
            )
        page.save_revision().publish()
        changed += 1
    stdout.write(f"Geschäftstexte übersetzt: {changed} Geschäfte.")


def assign_owners(users, ownership, stdout):
    """Gives each demo shopkeeper edit rights to their demo business."""
    for username, external_id in ownership.items():
        page = BusinessPage.objects.filter(external_id=external_id).first()
        if page is not None and username in users:
            grant_ownership(users[username], page)
            stdout.write(f"  {username} pflegt „{page.title}“.")
