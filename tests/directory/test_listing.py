"""The directory listing: filters, sorting, pagination, constant SQL queries."""

from decimal import Decimal

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import BusinessPage, Language
from quartier.models import SiteSettings

from ..clock import berlin
from .factories import (
    BusinessPageFactory,
    CategoryFactory,
    DistrictFactory,
    LanguageFactory,
    german,  # noqa: F401  (fixture)
    make_directory,
)

pytestmark = pytest.mark.usefixtures("german")

# Measured once; the point is that it is the same at 10 and at 200 businesses.
MAX_LISTING_QUERIES = 12


def add_businesses(directory, count, start=0, **fields):
    category = fields.pop("category", None) or CategoryFactory(slug="friseur", name="Friseur")
    district = fields.pop("district", None) or DistrictFactory(slug="hochfeld", name="Hochfeld")
    language = LanguageFactory()
    pages = []
    for number in range(start, start + count):
        page = BusinessPageFactory(
            parent=directory,
            title=f"Laden {number:03d}",
            category=category,
            district=district,
            **fields,
        )
        page.languages = [language]
        page.save()
        pages.append(page)
    return pages


def count_listing_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.django_db
def test_listing_queries_do_not_grow_with_businesses(
    client, home_page, django_assert_max_num_queries, clock_at
):
    clock_at(berlin(2026, 11, 25, 11, 0))  # a Wednesday morning: the shops are open
    SiteSettings.load()  # created on a first request otherwise, which drops every cache
    directory = make_directory(home_page)
    add_businesses(directory, 10)
    url = directory.url + "?open_now=1&sort=newest&language=tr"
    client.get(url)  # warm caches (site root, settings)
    with django_assert_max_num_queries(MAX_LISTING_QUERIES):
        at_10, _response = count_listing_queries(client, url)
    add_businesses(directory, 190, start=10)
    # Steady state: the first request after a change rebuilds what it dropped.
    client.get(url + "&page=3")
    with django_assert_max_num_queries(MAX_LISTING_QUERIES):
        at_200, response = count_listing_queries(client, url + "&page=3")
    assert at_200 == at_10
    assert response.text.count('class="card business-card"') <= 20


@pytest.mark.django_db
def test_pagination_twenty_per_page_keeps_filters(client, home_page):
    directory = make_directory(home_page)
    add_businesses(directory, 45)
    text = client.get(directory.url + "?district=hochfeld").text
    assert text.count('class="card business-card"') == 20
    assert "45 Geschäfte gefunden" in text
    assert "Seite 1 von 3" in text
    assert "?district=hochfeld&amp;page=2" in text
    last = client.get(directory.url + "?district=hochfeld&page=3").text
    assert last.count('class="card business-card"') == 5
    assert client.get(directory.url + "?page=999").status_code == 200


@pytest.mark.django_db
def test_filters_by_category_district_language_wheelchair(client, home_page):
    directory = make_directory(home_page)
    bakery = CategoryFactory(slug="baeckerei", name="Bäckerei")
    marxloh = DistrictFactory(slug="marxloh", name="Marxloh")
    arabic = LanguageFactory(code="ar", native_name="العربية", german_name="Arabisch")
    add_businesses(directory, 3)  # Friseur, Hochfeld, Türkçe, wheelchair unknown
    special = BusinessPageFactory(
        parent=directory, title="Fırın Anadolu", category=bakery, district=marxloh, wheelchair="yes"
    )
    special.languages = [arabic]
    special.save()

    def titles(query):
        text = client.get(directory.url + query).text
        return {title for title in ("Fırın Anadolu", "Laden 000") if title in text}

    assert titles("?category=baeckerei") == {"Fırın Anadolu"}
    assert titles("?district=marxloh") == {"Fırın Anadolu"}
    assert titles("?language=ar") == {"Fırın Anadolu"}
    assert titles("?wheelchair=1") == {"Fırın Anadolu"}
    assert titles("?district=hochfeld") == {"Laden 000"}
    text = client.get(directory.url + "?category=baeckerei&district=marxloh").text
    assert 'href="?district=marxloh"' in text  # chip that removes the category filter
    assert "Bäckerei" in text and "Alle Filter entfernen" in text
    assert 'for="filter-category"' in text and 'id="filter-category"' in text


@pytest.mark.clock
@pytest.mark.django_db
def test_open_now_filter(client, home_page, clock_at):
    directory = make_directory(home_page)
    BusinessPageFactory(parent=directory, title="Frühaufsteher", opening_hours="Mo-Su 06:00-12:00")
    BusinessPageFactory(parent=directory, title="Nachteule", opening_hours="Mo-Su 18:00-23:00")
    clock_at(berlin(2026, 11, 18, 8, 0))
    text = client.get(directory.url + "?open_now=1").text
    assert "Frühaufsteher" in text
    assert "Nachteule" not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?category=gibt-es-nicht",
        "?district=%00",
        "?language=xx",
        "?near=abc",
        "?near=95,200",
        "?sort=distance",
        "?sort=random",
        "?page=-1",
        "?page=abc",
        "?category=" + "a" * 500,
        "?campaign=unbekannt",
    ],
)
def test_invalid_filters_show_message_and_are_ignored(client, home_page, query):
    directory = make_directory(home_page)
    add_businesses(directory, 2)
    response = client.get(directory.url + query)
    assert response.status_code == 200
    assert "Laden 000" in response.text
    if not query.startswith("?page"):
        assert "Einige Angaben verstehen wir nicht" in response.text


@pytest.mark.django_db
def test_sort_by_distance_shows_distance(client, home_page):
    directory = make_directory(home_page)
    BusinessPageFactory(
        parent=directory,
        title="Weit weg",
        latitude=Decimal("51.500000"),
        longitude=Decimal("6.780000"),
    )
    BusinessPageFactory(
        parent=directory,
        title="Ganz nah",
        latitude=Decimal("51.420100"),
        longitude=Decimal("6.758000"),
    )
    BusinessPageFactory(parent=directory, title="Ohne Ort", latitude=None, longitude=None)
    text = client.get(directory.url + "?near=51.42,6.758&sort=distance").text
    assert text.index("Ganz nah") < text.index("Weit weg")
    assert "11 m entfernt" in text
    assert "km entfernt" in text
    assert "Ohne Ort" not in text


@pytest.mark.django_db
def test_listing_hides_drafts_and_closed(client, home_page):
    directory = make_directory(home_page)
    add_businesses(directory, 1)
    BusinessPageFactory(parent=directory, title="Pausiert", status="temporarily_closed")
    BusinessPageFactory(parent=directory, title="Entwurf", live=False)
    text = client.get(directory.url).text
    assert "Laden 000" in text
    assert "Pausiert" not in text and "Entwurf" not in text
    assert BusinessPage.objects.count() == 3
    assert Language.objects.filter(code="tr").exists()
