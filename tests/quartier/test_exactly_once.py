"""One business, one page: every surface shows each business, campaign and
news item exactly once, in every language, on the site's real shape (real
translations of editorial pages, business texts in Turkish and Arabic,
several owners)."""

import csv
import io
import os
import re

import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import translation

from wagtail.models import Page

from blog.models import CampaignPage
from directory.exporting import export_businesses
from directory.importing import import_businesses
from directory.models import BusinessPage, BusinessPageTranslation, MapPage
from directory.owners import grant_ownership
from quartier.models import StandardPage
from quartier.translation_sync import create_translation

from ..blog.factories import (
    CampaignPageFactory,
    EventIndexPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    WorkshopPageFactory,
)
from ..directory.factories import (
    BusinessPageFactory,
    CategoryFactory,
    DistrictFactory,
    coordinator,
    make_directory,
    shopkeeper,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]
NAMES = ["Bäckerei Sonnenkorn", "Berber Kemal", "Salon Lale", "Kiosk Eck"]
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL")


def prefix(code):
    return "" if code == "de" else f"/{code}"


@pytest.fixture
def site(home_page):
    """Four businesses (two with Turkish and Arabic texts), a campaign with
    three participants translated into Turkish, a news item translated into
    Turkish, a workshop, a map page, an imprint; two owners."""
    friseur = CategoryFactory(
        slug="friseur", name="Friseur", name_translations={"tr": "Kuaför", "ar": "حلاق"}
    )
    district = DistrictFactory(slug="hochfeld", name="Hochfeld")
    directory = make_directory(home_page)
    businesses = {}
    for number, name in enumerate(NAMES):
        businesses[name] = BusinessPageFactory(
            parent=directory,
            title=name,
            category=friseur,
            district=district,
            tagline=f"Deutscher Text {number}",
            latitude="51.4200",
            longitude=f"6.76{number}0",
        )
    for name in NAMES[:2]:
        page = businesses[name]
        for code, tagline in (("tr", f"Türkçe metin {name}"), ("ar", f"نص عربي {name}")):
            page.text_translations.add(BusinessPageTranslation(language=code, tagline=tagline))
        page.save_revision().publish()
    home_page.add_child(instance=MapPage(title="Karte", slug="karte"))
    imprint = StandardPage(title="Impressum", slug="impressum", introduction="DDG")
    home_page.add_child(instance=imprint)
    events = EventIndexPageFactory(parent=home_page, title="Termine", slug="termine")
    campaign = CampaignPageFactory(parent=events, title="Herbstmarkt", slug="herbstmarkt")
    campaign.participating_businesses.set([businesses[name] for name in NAMES[:3]])
    campaign.save_revision().publish()
    workshop = WorkshopPageFactory(parent=events, title="Handy-Kurs", slug="handy-kurs")
    news_index = NewsIndexPageFactory(parent=home_page, title="Neuigkeiten", slug="neuigkeiten")
    news = NewsPageFactory(parent=news_index, title="Plattform online", slug="plattform")
    tr_campaign = create_translation(campaign, "tr", title="Sonbahar pazarı")
    tr_news = create_translation(news, "tr", title="Platform yayında")
    create_translation(imprint, "ar", title="بيانات النشر")
    owners = [shopkeeper(businesses[NAMES[0]]), shopkeeper(businesses[NAMES[1]])]
    # One owner with two businesses: two lines on the dashboard, not twelve.
    grant_ownership(owners[0], businesses[NAMES[2]])
    return {
        "home": home_page,
        "directory": directory,
        "businesses": businesses,
        "campaign": campaign,
        "tr_campaign": tr_campaign,
        "workshop": workshop,
        "news_index": news_index,
        "news": news,
        "tr_news": tr_news,
        "owners": owners,
    }


def names_in(html):
    return [name for name in NAMES for _ in range(html.count(f">{name}<"))]


@pytest.mark.django_db
def test_page_count_is_businesses_plus_editorial_pages_plus_translations(site):
    assert not Page.objects.filter(alias_of__isnull=False).exists()
    assert BusinessPage.objects.count() == len(NAMES)
    german = Page.objects.filter(depth__gt=1, locale__language_code="de").count()
    # home, directory, 4 businesses, map, imprint, events, campaign, workshop, news index, news
    assert german == 13
    # Turkish: home, events, campaign, news index, news; Arabic: home, imprint.
    assert Page.objects.filter(depth__gt=1).count() == german + 7


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_listing_and_its_filters(client, site, code):
    listing = client.get(f"{prefix(code)}/verzeichnis/")
    assert listing.status_code == 200
    assert sorted(names_in(listing.text)) == sorted(NAMES)
    for name in NAMES:
        slug = site["businesses"][name].slug
        assert f'href="{prefix(code)}/verzeichnis/{slug}/"' in listing.text
    campaign = client.get(f"{prefix(code)}/verzeichnis/", {"campaign": "herbstmarkt"})
    assert sorted(names_in(campaign.text)) == sorted(NAMES[:3])
    category = client.get(f"{prefix(code)}/verzeichnis/", {"category": "friseur"})
    assert sorted(names_in(category.text)) == sorted(NAMES)


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_map_page_and_geojson(client, site, code):
    page = client.get(f"{prefix(code)}/karte/", {"campaign": "herbstmarkt"})
    assert page.status_code == 200
    assert f'<html lang="{code}"' in page.text
    geojson = client.get(
        "/api/businesses.geojson", {"campaign": "herbstmarkt", "lang": code}
    ).json()
    features = geojson["features"]
    assert sorted(feature["properties"]["name"] for feature in features) == sorted(NAMES[:3])
    for feature in features:
        assert feature["properties"]["url"].startswith(f"{prefix(code)}/verzeichnis/")
    category_names = {feature["properties"]["category_name"] for feature in features}
    assert category_names == {{"tr": "Kuaför", "ar": "حلاق"}.get(code, "Friseur")}


def _backends():
    yield "database"
    yield pytest.param(
        "elasticsearch",
        marks=[
            pytest.mark.elasticsearch,
            pytest.mark.skipif(not ELASTICSEARCH_URL, reason="ELASTICSEARCH_URL is not set"),
        ],
    )


@pytest.fixture(params=list(_backends()))
def search_backend(request, settings, site):
    if request.param == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend, to_document
        from search.indexing import iter_visible_pages

        settings.ELASTICSEARCH_URL = ELASTICSEARCH_URL
        prefix = os.environ.get("TEST_ELASTICSEARCH_INDEX_PREFIX", "quartier_test")
        settings.ELASTICSEARCH_INDEX_PREFIX = f"{prefix}_once"
        ElasticsearchBackend().rebuild(to_document(page, t) for page, t in iter_visible_pages())
    else:
        settings.ELASTICSEARCH_URL = None
        call_command("rebuild_search_index", "--no-progress", "--skip-wagtail")
    return request.param


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_search_and_suggest(client, site, search_backend, code):
    data = client.get("/api/search/", {"q": "Friseur", "lang": code}).json()
    assert data["backend"] == search_backend
    hits = [hit for hit in data["results"] if hit["type"] == "business"]
    assert sorted(hit["title"] for hit in hits) == sorted(NAMES)
    for hit in hits:
        assert hit["url"].startswith(f"{prefix(code)}/verzeichnis/")
        assert hit["category"] == {"tr": "Kuaför", "ar": "حلاق"}.get(code, "Friseur")
    # The Turkish texts are searchable and each campaign is found once.
    turkish = client.get("/api/search/", {"q": "Türkçe metin", "lang": code}).json()
    assert sorted(hit["title"] for hit in turkish["results"]) == sorted(NAMES[:2])
    campaigns = client.get("/api/search/", {"q": "Herbstmarkt", "lang": code}).json()
    found = [hit for hit in campaigns["results"] if hit["type"] == "campaign"]
    assert len(found) == 1
    expected = (
        "/tr/termine/herbstmarkt/" if code == "tr" else f"{prefix(code)}/termine/herbstmarkt/"
    )
    assert found[0]["url"] == expected
    suggestions = client.get("/api/search/suggest/", {"q": "Berb", "lang": code}).json()
    texts = [item["text"] for item in suggestions["suggestions"]]
    assert texts.count("Berber Kemal") == 1
    friseur = client.get("/api/search/suggest/", {"q": "Fris", "lang": code}).json()
    categories = [item["text"] for item in friseur["suggestions"] if item["type"] == "category"]
    expected = {"tr": "Kuaför", "ar": "حلاق"}.get(code, "Friseur")
    # The database backend suggests categories by their words; Elasticsearch
    # only from the categories of matching documents (none for "Fris").
    if search_backend == "database":
        assert categories == [expected]
    else:
        assert set(categories) <= {expected}


@pytest.mark.django_db
def test_sitemap_lists_each_page_once_and_only_real_language_versions(client, site):
    xml = client.get("/sitemap.xml").text
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert len(locations) == len(set(locations))
    for name in NAMES:
        slug = site["businesses"][name].slug
        urls = [url for url in locations if url.endswith(f"/verzeichnis/{slug}/")]
        translated = name in NAMES[:2]
        expected = {"", "/tr", "/ar"} if translated else {""}
        assert {re.sub(r"^https?://[^/]+|/verzeichnis/.*$", "", url) for url in urls} == expected
    assert [url for url in locations if url.endswith("/termine/herbstmarkt/")] == [
        "http://localhost/termine/herbstmarkt/",
        "http://localhost/tr/termine/herbstmarkt/",
    ]
    assert not [url for url in locations if "/en/" in url or "/bg/" in url or "/ro/" in url]


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_feeds_and_calendar(client, site, code):
    rss = client.get(f"{prefix(code)}/neuigkeiten/feed/rss/")
    atom = client.get(f"{prefix(code)}/neuigkeiten/feed/atom/")
    assert rss.status_code == atom.status_code == 200
    title = "Platform yayında" if code == "tr" else "Plattform online"
    for feed in (rss, atom):
        assert feed.text.count("<item>") + feed.text.count("<entry>") == 1
        assert f"<title>{title}</title>" in feed.text
    ics = client.get("/api/events.ics", headers={"accept-language": code}).content.decode()
    # The campaign and the workshop, each once (the calendar holds the originals).
    assert ics.count("BEGIN:VEVENT") == 2
    assert ics.count("SUMMARY:Herbstmarkt") == 1
    assert ics.count("SUMMARY:Handy-Kurs") == 1


@pytest.mark.django_db
def test_csv_export_and_dry_run_reimport(site):
    out = io.StringIO()
    assert export_businesses(out) == len(NAMES)
    # For a German spreadsheet: a byte order mark and ";" between the columns.
    text = out.getvalue().removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert sorted(row["name"] for row in rows) == sorted(NAMES)
    result = import_businesses(out.getvalue(), dry_run=True)
    assert result.errors == []


@pytest.mark.django_db
def test_invite_owner_by_slug_and_in_the_admin(client, site):
    business = site["businesses"]["Salon Lale"]
    out = io.StringIO()
    call_command("invite_owner", business.slug, "lale@example.org", stdout=out)
    assert "Salon Lale" in out.getvalue()
    client.force_login(coordinator())
    form = client.get("/admin/verzeichnis/einladen/").text
    options = re.findall(r'<option value="(\d+)"', form)
    assert sorted(options) == sorted(str(page.pk) for page in site["businesses"].values())
    response = client.post(
        "/admin/verzeichnis/einladen/", {"business": business.pk, "email": "neu@example.org"}
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    assert get_user_model().objects.filter(email="neu@example.org").exists()


@pytest.mark.django_db
def test_owners_dashboard_lists_each_business_once(client, site):
    owner = site["owners"][0]
    client.force_login(owner)
    dashboard = client.get("/admin/").text
    assert dashboard.count('target="_blank" rel="noopener">') == 2
    for name in NAMES[0], NAMES[2]:
        assert dashboard.count(f"{name}") >= 1
    assert "convert_alias" not in dashboard


@pytest.mark.django_db
def test_coordination_pickers_offer_each_business_once(client, site):
    client.force_login(coordinator())
    campaign = site["campaign"]
    form = client.get(f"/admin/pages/{campaign.pk}/edit/").text
    picker = re.search(r'name="participating_businesses".*?</(select|div)>', form, re.S)
    if picker is not None and "<option" in picker.group(0):
        values = re.findall(r'value="(\d+)"', picker.group(0))
    else:
        values = re.findall(r'name="participating_businesses" value="(\d+)"', form)
    assert sorted(set(values)) == sorted(str(page.pk) for page in site["businesses"].values())
    assert len(values) == len(NAMES)


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGES)
def test_every_public_page_answers_in_every_language(client, site, code):
    pages = Page.objects.live().filter(depth__gt=1, locale__language_code="de")
    with translation.override("de"):
        paths = [page.url for page in pages.specific()]
    assert len(paths) == 13
    for path in paths:
        response = client.get(prefix(code) + path, HTTP_REFERER="http://testserver/")
        assert response.status_code == 200, (code, path)
        assert f'<html lang="{code}"' in response.text, (code, path)


@pytest.mark.django_db
def test_links_on_a_turkish_page_stay_turkish(client, site):
    campaign = client.get("/tr/termine/herbstmarkt/").text
    assert "Sonbahar pazarı" in campaign
    for name in NAMES[:3]:
        slug = site["businesses"][name].slug
        assert f'href="/tr/verzeichnis/{slug}/"' in campaign
    assert 'href="/verzeichnis/' not in campaign
    profile = client.get(f"/tr/verzeichnis/{site['businesses'][NAMES[0]].slug}/").text
    assert 'href="/tr/termine/herbstmarkt/"' in profile
    assert "Türkçe metin" in profile
    events = client.get("/tr/termine/").text
    assert events.count(">Sonbahar pazarı<") == 1 and ">Herbstmarkt<" not in events
    assert (
        CampaignPage.objects.filter(slug="herbstmarkt").count() == 2
    )  # original + real translation


@pytest.mark.django_db
def test_translated_events_read_their_facts_from_the_original(client, site):
    workshop = site["workshop"]
    create_translation(workshop, "tr", title="Telefon kursu")
    campaign = site["campaign"]
    # Changed on the German originals after translating: the translations follow.
    workshop.venue_name = "Bürgerhaus Marxloh"
    workshop.save_revision().publish()
    campaign.participating_businesses.set([site["businesses"][NAMES[3]]])
    campaign.save_revision().publish()
    turkish_workshop = client.get("/tr/termine/handy-kurs/").text
    assert "Telefon kursu" in turkish_workshop
    assert "Bürgerhaus Marxloh" in turkish_workshop
    assert "Stadtteilbüro Hochfeld" not in turkish_workshop
    turkish_campaign = client.get("/tr/termine/herbstmarkt/").text
    assert names_in(turkish_campaign) == [NAMES[3]]
