"""Queries people type as they speak (issue #28), on both backends through the
JSON API and the search page: a word that matches nothing in the index does
not empty the answer, the other words are searched and the page names the
word left out ("Ohne: preiswert"); a broader word of a one-way rule ("pizza
=> imbiss") finds more but ranks below the word itself."""

import pytest
from bs4 import BeautifulSoup

from django.urls import reverse
from django.utils import translation

from search.models import SearchTermGroup
from tests.directory.factories import CategoryFactory

from .conftest import make_business

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarter(directory, places):
    p = places
    food = CategoryFactory(slug="gastronomie", name="Restaurant und Imbiss", keywords="Essen")
    return {
        "kuafor": make_business(
            directory,
            "Kuaför Deniz",
            p["friseur"],
            p["marxloh"],
            51.5011,
            6.7791,
            tagline="Herrenschnitt und Rasur",
        ),
        "salon": make_business(
            directory,
            "Salon Haarscharf",
            p["friseur"],
            p["hochfeld"],
            51.43,
            6.76,
            tagline="Damen und Herren",
        ),
        "bakery": make_business(
            directory,
            "Fırın Bereket",
            p["baeckerei"],
            p["marxloh"],
            51.5012,
            6.7792,
            tagline="Simit und frisches Brot",
        ),
        # Named by the broader word in its title: it must not outrank the pizzeria.
        "snack": make_business(
            directory,
            "Imbiss Halab",
            food,
            p["marxloh"],
            51.5021,
            6.7801,
            tagline="Schawarma und Falafel",
        ),
        "pizzeria": make_business(
            directory,
            "Trattoria Bella",
            food,
            p["hochfeld"],
            51.4301,
            6.7601,
            tagline="Pizza aus dem Steinofen",
        ),
        "durum": make_business(
            directory,
            "Dürüm Evi Şahin",
            food,
            p["marxloh"],
            51.5014,
            6.7794,
            tagline="Lahmacun und Ayran",
        ),
    }


@pytest.fixture
def search(backend, quarter):
    def run(client, query, **params):
        if backend == "elasticsearch":
            rebuild()
        response = client.get("/api/search/", {"q": query, "type": "business", **params})
        assert response.status_code == 200
        body = response.json()
        assert body["backend"] == backend
        return body

    return run


def rebuild():
    from search.backends.elasticsearch import ElasticsearchBackend, to_document
    from search.indexing import iter_visible_pages

    ElasticsearchBackend().rebuild(to_document(page, kind) for page, kind in iter_visible_pages())


def titles(body):
    return [hit["title"] for hit in body["results"]]


HAIRDRESSERS = ["Kuaför Deniz", "Salon Haarscharf"]


@pytest.mark.parametrize(
    ("query", "left_out"),
    [
        ("friseur preiswert", ["preiswert"]),
        ("Kuaför UCUZ", ["UCUZ"]),  # shown as typed
        ("ucuz kuaför", ["ucuz"]),
        ("حلاق رخيص", ["رخيص"]),
        ("фризьор евтин", ["евтин"]),
        ("frizerie ieftină", ["ieftină"]),
    ],
)
def test_a_word_that_matches_nothing_is_left_out(client, search, query, left_out):
    body = search(client, query)
    assert sorted(titles(body)) == HAIRDRESSERS
    assert body["count"] == 2
    assert body["left_out"] == left_out
    assert "empty_because" not in body


def test_the_words_left_out_keep_the_filters(client, search):
    body = search(client, "friseur preiswert", district="hochfeld")
    assert titles(body) == ["Salon Haarscharf"]
    assert body["left_out"] == ["preiswert"]


def test_a_word_found_as_a_typo_is_not_left_out(client, search):
    # "fiseur" is a typo of "friseur": it restricts; "xylophon" matches nothing.
    body = search(client, "fiseur xylophon")
    assert sorted(titles(body)) == HAIRDRESSERS
    assert body["left_out"] == ["xylophon"]


def test_words_that_each_match_but_not_together_find_nothing(client, search):
    body = search(client, "friseur simit")
    assert body["count"] == 0 and body["left_out"] == []
    assert body["empty_because"]["words_without_match"] == []
    assert body["empty_because"]["check_spelling"] is False


def test_when_no_word_matches_the_spelling_tip_stays(client, search):
    body = search(client, "xylophon quietschbunt")
    assert body["count"] == 0 and body["left_out"] == []
    assert body["empty_because"]["words_without_match"] == ["xylophon", "quietschbunt"]
    assert body["empty_because"]["check_spelling"] is True


def test_a_complete_query_leaves_nothing_out(client, search):
    body = search(client, "friseur marxloh")
    assert titles(body) == ["Kuaför Deniz"] and body["left_out"] == []


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("de", "Ohne: preiswert"),
        ("en", "Without: preiswert"),
        ("tr", "Hariç: preiswert"),
        ("ar", "بدون: preiswert"),
        ("bg", "Без: preiswert"),
        ("ro", "Fără: preiswert"),
    ],
)
def test_the_page_names_the_words_left_out(client, backend, quarter, language, line):
    if backend == "elasticsearch":
        rebuild()
    with translation.override(language):
        path = reverse("search")
    html = client.get(path, {"q": "friseur preiswert"}).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert [p.get_text(strip=True) for p in soup.select(".search-left-out")] == [line]
    assert len(soup.select(".result-list > li")) == 2


def test_a_broader_word_ranks_below_the_word_itself(client, search):
    # Shipped one-way rule "pizza => imbiss": every snack bar is found, the
    # pizzeria first although the other one has "Imbiss" in its name.
    body = search(client, "pizza")
    assert titles(body)[0] == "Trattoria Bella"
    assert set(titles(body)) == {"Trattoria Bella", "Imbiss Halab", "Dürüm Evi Şahin"}


def test_a_two_way_synonym_still_ranks_above_a_broader_word(client, search):
    # "döner, dürüm" are one group; "döner => imbiss" only widens.
    body = search(client, "döner")
    assert titles(body)[0] == "Dürüm Evi Şahin"
    assert "Imbiss Halab" in titles(body)


def test_a_team_s_one_way_group_widens_below_the_word(client, search):
    SearchTermGroup.objects.create(terms="Lahmacun\nImbiss", one_way=True)
    body = search(client, "lahmacun")
    # The word in a tagline before the broader word in another shop's name.
    assert titles(body)[0] == "Dürüm Evi Şahin"
    assert set(titles(body)) == {"Dürüm Evi Şahin", "Imbiss Halab", "Trattoria Bella"}
