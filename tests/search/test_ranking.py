"""Ranking as a resident expects it (issue #28), on both backends through the
JSON API: businesses first for a trade, product or service, positions and
workshops after them unless the query asks for them; typos tolerated in
proportion to the word and ranked below exact matches, never a known word
taken for another one; the everyday words of the districts in six languages."""

import pytest

from directory.models import BusinessJob
from tests.blog.factories import EventIndexPageFactory, WorkshopPageFactory
from tests.directory.factories import CategoryFactory, german  # noqa: F401  (fixture)
from tests.jobs.factories import BusinessJobFactory, make_board

from .conftest import make_business

pytestmark = [pytest.mark.usefixtures("german"), pytest.mark.django_db]


@pytest.fixture
def quarter(home_page, directory, places):
    p = places
    food = CategoryFactory(slug="gastronomie", name="Restaurant und Imbiss", keywords="Essen")
    trades = CategoryFactory(slug="handwerk", name="Handwerk", keywords="Sanitär\nElektriker")
    health = CategoryFactory(slug="gesundheit", name="Arztpraxis", keywords="Arzt")
    made = {
        "kuafor": make_business(
            directory, "Kuaför Deniz", p["friseur"], p["marxloh"], 51.5011, 6.7791
        ),
        "salon": make_business(
            directory, "Salon Frisuer", p["friseur"], p["hochfeld"], 51.43, 6.76
        ),
        "bakery": make_business(
            directory,
            "Ekmek Fırını Bereket",
            p["baeckerei"],
            p["marxloh"],
            51.5012,
            6.7792,
            tagline="Frische Früchte und frisches Brot",
        ),
        "grill": make_business(
            directory,
            "Imbiss Damaskus",
            food,
            p["marxloh"],
            51.5013,
            6.7793,
            tagline="Schawarma-Teller und Falafel",
        ),
        "kebap": make_business(
            directory, "Ocakbaşı Antep", food, p["marxloh"], 51.5014, 6.7794, tagline="Adana Kebap"
        ),
        "plumber": make_business(
            directory, "Yıldırım Haustechnik", trades, p["marxloh"], 51.5015, 6.7795
        ),
        "dentist": make_business(
            directory, "Zahnarztpraxis Kaya", health, p["marxloh"], 51.5016, 6.7796
        ),
    }
    make_board(home_page)
    made["apprenticeship"] = BusinessJobFactory(
        page=made["kuafor"],
        title="Ausbildung Friseur (m/w/d)",
        kind=BusinessJob.Kind.APPRENTICESHIP,
        description="Friseur lernen, Friseurin werden.",
    )
    made["kuafor"].save_revision().publish()
    events = EventIndexPageFactory(parent=home_page)
    made["course"] = WorkshopPageFactory(
        parent=events, title="Kurs: Friseur-Grundlagen", teaser="Haare schneiden lernen"
    )
    return made


@pytest.fixture
def search(backend, quarter):
    if backend == "elasticsearch":
        from search.backends.elasticsearch import (
            ElasticsearchBackend,
            position_document,
            to_document,
        )
        from search.indexing import iter_visible_pages, iter_visible_positions

        documents = [to_document(page, kind) for page, kind in iter_visible_pages()]
        documents += [position_document(job) for job in iter_visible_positions()]
        ElasticsearchBackend().rebuild(documents)

    def run(client, query, **params):
        response = client.get("/api/search/", {"q": query, **params})
        assert response.status_code == 200
        body = response.json()
        assert body["backend"] == backend
        return body

    return run


def kinds(body):
    return [hit["type"] for hit in body["results"]]


def titles(body):
    return [hit["title"] for hit in body["results"]]


@pytest.mark.parametrize("query", ["friseur", "frisör", "kuaför", "حلاق"])
def test_a_trade_lists_the_shops_before_positions_and_workshops(client, search, query):
    body = search(client, query)
    assert kinds(body)[:2] == ["business", "business"]
    assert set(titles(body)[:2]) == {"Kuaför Deniz", "Salon Frisuer"}
    # Positions and workshops follow as groups of their own, counted by kind.
    assert "job" in kinds(body) and kinds(body).index("job") > 1
    assert {row["slug"]: row["count"] for row in body["facets"]["type"]}["business"] == 2


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("ausbildung friseur", "job"),
        ("friseur stelle", "job"),
        ("çırak", "job"),
        ("وظيفة", "job"),
        ("работа", "job"),
        ("loc de muncă", "job"),
        ("kurs friseur", "workshop"),
    ],
)
def test_a_query_that_asks_for_a_kind_lists_it_first(client, search, query, kind):
    body = search(client, query)
    assert kinds(body)[0] == kind, titles(body)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fiseur", "Kuaför Deniz"),  # one edit in six letters
        ("zahnartz", "Zahnarztpraxis Kaya"),  # two letters swapped: one edit
        ("bakerai", "Ekmek Fırını Bereket"),  # two edits in seven letters
    ],
)
def test_a_typo_finds_what_it_means(client, search, query, expected):
    assert expected in titles(search(client, query, type="business"))


def test_an_exact_match_ranks_above_a_corrected_typo(client, search):
    # "frisuer" is in one shop's name and one edit from "friseur".
    assert titles(search(client, "frisuer", type="business")) == ["Salon Frisuer", "Kuaför Deniz"]


def test_a_known_word_is_never_taken_for_another_one(client, search):
    # "frisör" is a word of its own; "frisches", "Früchte" are no typos of it.
    assert "Ekmek Fırını Bereket" not in titles(search(client, "frisör"))


def test_short_words_get_no_typo_tolerance(client, search):
    # "ekm" is three letters: no edit allowed, so no "ekmek" or other word.
    assert search(client, "dnz", type="business")["results"] == []


@pytest.mark.parametrize(
    ("language", "query", "expected"),
    [
        ("de", "klempner", "Yıldırım Haustechnik"),
        ("tr", "firin", "Ekmek Fırını Bereket"),
        ("tr", "kebap", "Ocakbaşı Antep"),
        ("en", "shawarma", "Imbiss Damaskus"),
        ("en", "plumber", "Yıldırım Haustechnik"),
        ("ar", "فرن", "Ekmek Fırını Bereket"),
        ("ar", "شاورما", "Imbiss Damaskus"),
        ("ar", "shawerma", "Imbiss Damaskus"),
        ("bg", "шаурма", "Imbiss Damaskus"),
        ("bg", "зъболекар", "Zahnarztpraxis Kaya"),
        ("ro", "shaorma", "Imbiss Damaskus"),
        ("ro", "instalator", "Yıldırım Haustechnik"),
    ],
)
def test_everyday_words_in_every_language(client, search, language, query, expected):
    assert titles(search(client, query, type="business"))[:1] == [expected], language
