"""GeoJSON endpoint, map page and mini map."""

import gzip
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from wagtail.models import PageViewRestriction

from directory.models import BusinessPage

from .factories import (
    BusinessPageFactory,
    CategoryFactory,
    DirectoryIndexPageFactory,
    DistrictFactory,
    LanguageFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/businesses.geojson"
# Duisburg's extent, generously
DUISBURG = {"lat": (51.33, 51.57), "lon": (6.62, 6.95)}
ALWAYS_OPEN = "Mo-Su 00:00-24:00"
NEVER_OPEN = "Mo-Su off"


@pytest.fixture
def directory(home_page):
    return DirectoryIndexPageFactory(parent=home_page)


@pytest.fixture
def hochfeld():
    return DistrictFactory(slug="hochfeld", name="Hochfeld")


def make(directory, n, **fields):
    return [BusinessPageFactory(parent=directory, **fields) for _ in range(n)]


def get_geojson(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/geo+json")
    return json.loads(response.content)


def test_feature_collection_is_valid_geojson(client, directory, hochfeld):
    friseur = CategoryFactory(slug="friseur", name="Friseur", colour="#7b2d8e")
    page = BusinessPageFactory(
        parent=directory,
        title="Salon Ayşe",
        category=friseur,
        district=hochfeld,
        latitude=Decimal("51.421234"),
        longitude=Decimal("6.757654"),
        opening_hours=ALWAYS_OPEN,
    )
    data = get_geojson(client)
    assert data["type"] == "FeatureCollection"
    assert "dl-de/by-2-0" in data["license"]["name"] and "OpenStreetMap" in data["attribution"]
    [feature] = data["features"]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [6.757654, 51.421234]}
    props = feature["properties"]
    assert props["name"] == "Salon Ayşe"
    assert props["url"] == page.url
    assert (props["category"], props["category_name"], props["colour"]) == (
        "friseur",
        "Friseur",
        "#7b2d8e",
    )
    assert props["district"] == "hochfeld"
    assert props["open_now"] is True
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert DUISBURG["lon"][0] < lon < DUISBURG["lon"][1]
        assert DUISBURG["lat"][0] < lat < DUISBURG["lat"][1]


def test_only_live_public_listed_geocoded(client, directory, hochfeld):
    shown = BusinessPageFactory(parent=directory, title="Sichtbar")
    draft = BusinessPageFactory(parent=directory, title="Entwurf", live=False)
    closed = BusinessPageFactory(
        parent=directory, title="Geschlossen", status=BusinessPage.Status.CLOSED
    )
    unplaced = BusinessPageFactory(parent=directory, title="Ohne Ort", latitude=None)
    private = BusinessPageFactory(parent=directory, title="Privat")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    names = {f["properties"]["name"] for f in get_geojson(client)["features"]}
    assert names == {shown.title}
    assert not names & {draft.title, closed.title, unplaced.title, private.title}


def test_filters_like_the_listing(client, directory, hochfeld):
    bakery = CategoryFactory(slug="baeckerei", name="Bäckerei")
    marxloh = DistrictFactory(slug="marxloh", name="Marxloh", centre_latitude=Decimal("51.501"))
    turkish = LanguageFactory()
    BusinessPageFactory(parent=directory, title="Brot Hochfeld", category=bakery, district=hochfeld)
    speaks = BusinessPageFactory(parent=directory, title="Simit Marxloh", district=marxloh)
    speaks.languages = [turkish]
    speaks.save()
    BusinessPageFactory(parent=directory, title="Immer offen", opening_hours=ALWAYS_OPEN)
    BusinessPageFactory(parent=directory, title="Nie offen", opening_hours=NEVER_OPEN)

    def names(**params):
        return sorted(f["properties"]["name"] for f in get_geojson(client, **params)["features"])

    assert names(category="baeckerei") == ["Brot Hochfeld"]
    assert names(district="marxloh") == ["Simit Marxloh"]
    assert names(language="tr") == ["Simit Marxloh"]
    assert "Immer offen" in names(open_now="1")
    assert "Nie offen" not in names(open_now="1")
    # The search service's words: by its name, and the bakery by the everyday
    # vocabulary ("simit => bäckerei": a bakery sells simit).
    assert names(q="simit") == ["Brot Hochfeld", "Simit Marxloh"]
    assert names(q="Marxloh simit") == ["Simit Marxloh"]


@pytest.mark.parametrize(
    "params",
    [{"category": "gibtsnicht"}, {"district": "atlantis"}, {"q": "x" * 500}, {"lang": "xx"}],
)
def test_invalid_filter_is_a_400_with_errors(client, directory, params):
    response = client.get(URL, params)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == set(params)
    assert all(isinstance(message, str) and message for message in errors.values())


def count_queries(client):
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        data = get_geojson(client, category="kategorie-fest")
    return len(queries), len(data["features"])


def test_constant_number_of_queries(client, directory, hochfeld, django_assert_max_num_queries):
    category = CategoryFactory(slug="kategorie-fest")
    make(directory, 10, category=category, district=hochfeld)
    small, count = count_queries(client)
    assert count == 10
    make(directory, 190, category=category, district=hochfeld)
    large, count = count_queries(client)
    assert count == 200
    assert small == large
    with django_assert_max_num_queries(8):
        get_geojson(client, district="hochfeld", language="", open_now="1")


def test_cached_and_invalidated_on_publish_and_unpublish(client, directory, hochfeld):
    first = BusinessPageFactory(parent=directory, title="Erstes")
    assert len(get_geojson(client)["features"]) == 1
    with CaptureQueriesContext(connection) as queries:
        get_geojson(client)
    assert len(queries) == 0  # served from the cache

    second = BusinessPage(
        title="Zweites",
        slug="zweites",
        street="Wanheimer Straße",
        postcode="47053",
        city="Duisburg",
        district=hochfeld,
        category=first.category,
        latitude=Decimal("51.4207"),
        longitude=Decimal("6.7571"),
    )
    directory.add_child(instance=second)
    second.save_revision().publish()
    assert {f["properties"]["name"] for f in get_geojson(client)["features"]} == {
        "Erstes",
        "Zweites",
    }
    second.unpublish()
    assert [f["properties"]["name"] for f in get_geojson(client)["features"]] == ["Erstes"]
    first.delete()
    assert get_geojson(client)["features"] == []


def test_publish_in_another_process_reaches_every_worker(client, directory, settings, tmp_path):
    """With the local-memory cache each gunicorn worker caches the map data for
    itself; a publication in another process (an admin request served by another
    worker, a management command) must still reach this one."""
    settings.PAGE_CACHE_GENERATION_FILE = str(tmp_path / "generation")
    business = BusinessPageFactory(parent=directory, title="Vorher")
    assert [f["properties"]["name"] for f in get_geojson(client)["features"]] == ["Vorher"]
    BusinessPage.objects.filter(pk=business.pk).update(title="Nachher")  # no signal here
    assert [f["properties"]["name"] for f in get_geojson(client)["features"]] == ["Vorher"]

    other_process = (
        "import django; django.setup(); "
        "from directory.map_data import invalidate_geojson; invalidate_geojson()"
    )
    subprocess.run(
        [sys.executable, "-c", other_process],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "PAGE_CACHE_GENERATION_FILE": settings.PAGE_CACHE_GENERATION_FILE},
        check=True,
        timeout=120,
    )
    assert [f["properties"]["name"] for f in get_geojson(client)["features"]] == ["Nachher"]


def test_gzip_when_the_client_accepts_it(client, directory, hochfeld):
    for number in range(30):
        BusinessPageFactory(parent=directory, title=f"Laden {number}", district=hochfeld)
    plain = client.get(URL)
    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in plain["Vary"]
    packed = client.get(URL, HTTP_ACCEPT_ENCODING="br, gzip, deflate")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) < len(plain.content) / 3
    unpacked = json.loads(gzip.decompress(packed.content))
    assert unpacked["features"] == json.loads(plain.content)["features"]
    assert len(unpacked["features"]) == 30


def test_map_page_renders_filters_list_and_data_without_inline_code(client, home_page, hochfeld):
    from directory.models import MapPage

    directory = DirectoryIndexPageFactory(parent=home_page)
    BusinessPageFactory(parent=directory, title="Kiosk am Park", district=hochfeld)
    map_page = MapPage(title="Karte", slug="karte")
    home_page.add_child(instance=map_page)
    response = client.get("/karte/")
    assert response.status_code == 200
    html = response.text
    assert 'data-geojson-url="/api/businesses.geojson"' in html
    assert "vendor/leaflet.markercluster/leaflet.markercluster.js" in html
    assert "leaflet/leaflet.js" in html and "js/map.js" in html
    assert "Kiosk am Park" in html  # the list works without JavaScript
    assert '<label for="map-category">' in html and 'id="map-category"' in html
    assert '<option value="hochfeld"' in html
    assert 'id="map-districts"' in html
    # strict CSP: no inline script, no style attributes
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert " style=" not in html
    assert "https://" not in "".join(re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html))

    bad = client.get("/karte/", {"category": "gibtsnicht"})
    assert bad.status_code == 200
    assert 'aria-describedby="map-category-error"' in bad.text


def test_business_profile_has_mini_map(client, directory, hochfeld):
    page = BusinessPageFactory(parent=directory, district=hochfeld)
    html = client.get(page.url).text
    assert "data-mini-map" in html
    assert 'data-lat="51.420000"' in html and 'data-lng="6.758000"' in html
    assert "js/map-mini.js" in html
    unplaced = BusinessPageFactory(parent=directory, latitude=None, longitude=None)
    assert "data-mini-map" not in client.get(unplaced.url).text


def test_search_box_on_the_map_uses_the_search_service(client, directory, hochfeld):
    """Folding and synonyms work on the map as on the search page."""
    hairdresser = CategoryFactory(slug="friseur", name="Friseur")
    BusinessPageFactory(parent=directory, title="Kuaför Yıldız", category=hairdresser)
    BusinessPageFactory(parent=directory, title="Bäckerei Korn")

    def names(**params):
        return sorted(f["properties"]["name"] for f in get_geojson(client, **params)["features"])

    assert names(q="kuafor") == ["Kuaför Yıldız"]  # folded: ö → o
    assert names(q="backerei") == ["Bäckerei Korn"]  # folded: ä → a
    assert names(q="hairdresser") == ["Kuaför Yıldız"]  # synonym of Friseur


def test_map_page_list_in_the_visitors_language_with_names_escaped(client, home_page, hochfeld):
    from directory.models import MapPage

    directory = DirectoryIndexPageFactory(parent=home_page)
    friseur = CategoryFactory(slug="friseur", name="Friseur", name_translations={"tr": "Kuaför"})
    open_shop = BusinessPageFactory(
        parent=directory,
        title="Kiosk <am> Park",
        district=hochfeld,
        category=friseur,
        opening_hours=ALWAYS_OPEN,
    )
    closed_shop = BusinessPageFactory(
        parent=directory,
        title="Zu & Co",
        district=hochfeld,
        category=friseur,
        opening_hours=NEVER_OPEN,
    )
    home_page.add_child(instance=MapPage(title="Karte", slug="karte"))
    items = re.findall(r'<li class="map-list__item".*?</li>', client.get("/tr/karte/").text, re.S)
    assert items == [
        f'<li class="map-list__item" data-feature-id="{open_shop.pk}">'
        f'<a class="map-list__link" href="/tr{open_shop.url}">Kiosk &lt;am&gt; Park</a> '
        '<span class="map-list__meta">Kuaför · Hochfeld</span> '
        '<span class="map-list__state">şu an açık</span></li>',
        f'<li class="map-list__item" data-feature-id="{closed_shop.pk}">'
        f'<a class="map-list__link" href="/tr{closed_shop.url}">Zu &amp; Co</a> '
        '<span class="map-list__meta">Kuaför · Hochfeld</span> '
        '<span class="map-list__state">şu an kapalı</span></li>',
    ]


def test_map_page_reads_only_its_first_entries_and_the_count(
    client, home_page, hochfeld, monkeypatch
):
    """At 10,000 businesses the cached map data is megabytes (fetched from
    Redis or unpickled on every rendering) while the page lists 300: after the
    first rendering it reads only those and the count, stays right after a
    publication, and the open-now filter still counts and lists the open ones."""
    from django.core.cache import cache

    from directory import map_data
    from directory.models import MapPage

    monkeypatch.setattr(map_data, "LIST_LIMIT", 3)
    directory = DirectoryIndexPageFactory(parent=home_page)
    names = ["Bäckerei Größe", "Kuaför Işık", "حلاق الشام", "Фризьор Ана", "Croitorie Țesătură 🧵"]
    for index, name in enumerate(names):
        BusinessPageFactory(
            parent=directory,
            title=name,
            district=hochfeld,
            opening_hours=ALWAYS_OPEN if index % 2 == 0 else NEVER_OPEN,
        )
    home_page.add_child(instance=MapPage(title="Karte", slug="karte"))

    def listed(params=None):
        html = client.get("/karte/", params or {}).text
        items = re.findall(r'<a class="map-list__link"[^>]*>([^<]*)</a>', html)
        count = re.search(r"(\d+) Geschäfte? gefunden", html).group(1)
        return len(items), int(count), "data-map-more" in html

    assert listed() == (3, 5, True)
    read = []
    original = cache.get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **k: read.append(key) or original(key, *a, **k)
    )
    assert listed() == (3, 5, True)
    assert any(key.startswith("map:geojson:head:") for key in read)
    assert not any(key.startswith("map:geojson:base:") for key in read)
    assert listed({"open_now": "1"}) == (3, 3, False)
    BusinessPageFactory(parent=directory, title="Çiçekçi Gül", opening_hours=ALWAYS_OPEN)
    assert listed() == (3, 6, True)
    assert listed({"open_now": "1"}) == (3, 4, True)
    for prefix in ("/tr", "/ar"):  # the same first entries under the other prefixes
        html = client.get(f"{prefix}/karte/").text
        assert len(re.findall(f'<a class="map-list__link" href="{prefix}/', html)) == 3
        assert "data-map-more" in html
