"""The JSON API and the search page, through real requests."""

import re

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from .conftest import make_business

pytestmark = pytest.mark.django_db


def test_api_returns_documented_fields(client, businesses):
    response = client.get("/api/search/", {"q": "friseur", "near": "51.5010,6.7790"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2 and data["page_size"] == 20 and data["backend"] == "database"
    first = data["results"][0]
    assert first["title"] == "Kuaför Yıldız"
    for key in ("title", "url", "type", "category", "district", "distance_m", "open_now"):
        assert key in first
    assert first["type"] == "business" and first["category"] == "Friseur"
    assert first["distance_m"] < 50
    assert {row["slug"] for row in data["facets"]["district"]} == {"marxloh", "hochfeld"}
    assert data["facets"]["type"] == [{"slug": "business", "name": "Geschäft", "count": 2}]


def test_api_filters_and_sorts_by_distance(client, businesses):
    response = client.get(
        "/api/search/", {"category": "friseur", "near": "51.43,6.76", "sort": "distance"}
    )
    assert [row["title"] for row in response.json()["results"]] == [
        "Salon Haarscharf",
        "Kuaför Yıldız",
    ]
    open_now = client.get("/api/search/", {"q": "friseur", "open_now": "1"}).json()
    assert [row["title"] for row in open_now["results"]] == ["Kuaför Yıldız"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "x" * 201}, "q"),
        ({"q": "brot", "category": "gibt-es-nicht"}, "category"),
        ({"q": "brot", "district": "atlantis"}, "district"),
        ({"q": "brot", "language": "xx"}, "language"),
        ({"q": "brot", "near": "north"}, "near"),
        ({"q": "brot", "near": "91,7"}, "near"),
        ({"q": "brot", "sort": "price"}, "sort"),
        ({"q": "brot", "sort": "distance"}, "sort"),
        ({"q": "brot", "page": "zwei"}, "page"),
        ({"q": "brot", "page": "0"}, "page"),
        ({"q": "brot", "type": "recipe"}, "type"),
    ],
)
def test_api_rejects_bad_parameters_with_400(client, places, params, field):
    response = client.get("/api/search/", params)
    assert response.status_code == 400
    data = response.json()
    assert field in data["errors"] and data["errors"][field]


def test_api_empty_query_gives_empty_result(client, businesses):
    data = client.get("/api/search/", {"q": ""}).json()
    assert data["count"] == 0 and data["results"] == []


def test_api_listing_query_count(client, directory, places):
    """A fixed number of queries whatever the number of matches: one scan of the
    text table (plus Wagtail's full-text search on PostgreSQL), restrictions, one
    query per page type with matches, language facet, one page fetch, site root,
    facet names. Never one per result."""

    def add(count, start):
        for number in range(start, start + count):
            make_business(
                directory, f"Friseur {number}", places["friseur"], places["hochfeld"], 51.42, 6.75
            )

    def queries():
        with CaptureQueriesContext(connection) as context:
            response = client.get("/api/search/", {"q": "friseur", "near": "51.42,6.75"})
        return len(context.captured_queries), response.json()

    add(30, 0)
    queries()  # warms what is cached across requests (site root, facet names)
    few, body = queries()
    assert body["count"] == 30 and len(body["results"]) == 20
    add(30, 30)
    many, body = queries()
    assert body["count"] == 60
    assert many == few
    assert few <= 14


def test_suggest(client, businesses, django_assert_max_num_queries):
    # Warms what every request shares (private sections, Wagtail's site root paths).
    client.get("/api/search/suggest/", {"q": "Sal"})
    # The titles, the categories, the suggested businesses (for their URLs in
    # the visitor's language) and the request's site.
    with django_assert_max_num_queries(4):
        response = client.get("/api/search/suggest/", {"q": "Kua"})
    suggestions = response.json()["suggestions"]
    texts = [item["text"] for item in suggestions]
    assert "Kuaför Yıldız" in texts
    assert "Friseur" in texts  # the category, via its Turkish name
    assert not {"Kuaför Geschlossen", "Kuaför Entwurf", "Kuaför Privat"} & set(texts)
    assert client.get("/api/search/suggest/", {"q": "k"}).json()["suggestions"] == []
    assert client.get("/api/search/suggest/", {"q": "k" * 300}).status_code == 400


def test_page_shows_labelled_results_facets_and_chips(client, businesses):
    response = client.get("/suche/", {"q": "friseur", "district": "marxloh"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="search-q">' in html and 'id="search-q"' in html
    assert "Kuaför Yıldız" in html and "Salon Haarscharf" not in html
    assert 'class="search-hit__type">Geschäft<' in html
    assert "Filter „Marxloh“ entfernen" in html
    assert "q=friseur" in html  # the remove link keeps the query
    assert "search.css" in html and "js/search.js" in html
    assert "<script>" not in html and 'style="' not in html


def test_page_zero_results_helps(client, businesses):
    # A typo of a known word no business matches: nothing found, the word offered.
    html = client.get("/suche/", {"q": "juwelir"}).content.decode()
    assert "Meinten Sie" in html and "q=juwelier" in html
    assert "?category=baeckerei" in html  # links to all categories


def test_page_nothing_because_of_a_filter_says_which_and_how_many_without(client, businesses):
    # The only bakery is in Hochfeld: the words match, the district filter does not.
    html = client.get("/suche/", {"q": "bäckerei", "district": "marxloh"}).content.decode()
    assert "In Marxloh: keins." in html
    assert '<a href="?district=hochfeld&amp;q=b%C3%A4ckerei">1 in Hochfeld</a>' in html
    assert '<a href="?q=b%C3%A4ckerei">Ohne Filter: 1 Treffer</a>' in html
    assert "Schreibweise" not in html  # every word matched: no spelling tip


def test_page_nothing_at_all_gives_the_spelling_tip(client, businesses):
    html = client.get("/suche/", {"q": "xylophonbau"}).content.decode()
    assert "Prüfen Sie die Schreibweise" in html and "Ohne Filter" not in html


def test_page_bad_input_is_explained_not_a_500(client, businesses):
    response = client.get(
        "/suche/", {"q": "x" * 500, "category": "nope", "near": "a,b", "page": "-1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-invalid="true"' in html and 'id="search-q-error"' in html
    assert "Unbekannte Kategorie." in html


def test_page_near_district_sorts_by_distance(client, businesses):
    html = client.get(
        "/suche/", {"q": "friseur", "near_district": "hochfeld", "sort": "distance"}
    ).content.decode()
    assert html.index("Salon Haarscharf") < html.index("Kuaför Yıldız")
    assert "in der Nähe von Hochfeld" in html
    # Kilometres with one decimal above 1 km, in the visitor's number format.
    assert "1,1 km entfernt" in html and "9,1 km entfernt" in html
    assert not re.search(r"\d{4,} m entfernt", html)


def test_page_in_turkish_links_to_turkish_pages(client, businesses):
    with translation.override("tr"):
        turkish_search = reverse("search")
    response = client.get(turkish_search, {"q": "yildiz"})
    html = response.content.decode()
    assert "Kuaför Yıldız" in html
    # The result's own link (the language switcher links /tr/ on every page).
    links = [
        anchor["href"]
        for anchor in BeautifulSoup(html, "html.parser").find_all("a", href=True)
        if "Kuaför Yıldız" in anchor.get_text()
    ]
    assert links and all(link.startswith("/tr/") for link in links), links


def test_api_is_rate_limited_per_client_and_endpoint(client, businesses, settings):
    settings.SEARCH_API_RATE_LIMIT = 3
    for _ in range(3):
        assert client.get("/api/search/?q=kuafor", REMOTE_ADDR="10.1.1.1").status_code == 200
    response = client.get("/api/search/?q=kuafor", REMOTE_ADDR="10.1.1.1")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "Zu viele Anfragen" in response.json()["error"]
    # Another client, and the suggestions of the same client, count separately.
    assert client.get("/api/search/?q=kuafor", REMOTE_ADDR="10.1.1.2").status_code == 200
    assert client.get("/api/search/suggest/?q=ku", REMOTE_ADDR="10.1.1.1").status_code == 200


def test_api_rate_limit_off_at_zero(client, businesses, settings):
    settings.SEARCH_API_RATE_LIMIT = 0
    for _ in range(5):
        assert client.get("/api/search/?q=kuafor", REMOTE_ADDR="10.1.1.3").status_code == 200


def test_result_pages_are_not_indexed_by_search_engines(client, businesses):
    assert 'name="robots" content="noindex, follow"' in client.get("/suche/?q=kuafor").text
    assert 'name="robots"' not in client.get("/suche/").text
