"""Words found as people type them, on both backends through the JSON API: a
business with more of the query's words ranks above one with fewer, also
when a word is only part of a longer one ("gardinen" in "Gardinenreparatur");
Arabic typed without hamza or with vowel marks finds the name written with
them; a three-letter word finds the words it starts ("bad": "Bäder")."""

import pytest

from tests.directory.factories import CategoryFactory, german  # noqa: F401  (fixture)

from .conftest import make_business

pytestmark = [pytest.mark.usefixtures("german"), pytest.mark.django_db]


@pytest.fixture
def street(directory, places):
    p = places
    trades = CategoryFactory(slug="handwerk", name="Handwerk", keywords="Reparatur")
    phones = CategoryFactory(slug="elektronik", name="Elektronik", keywords="Handy")
    food = CategoryFactory(slug="gastronomie", name="Restaurant und Imbiss", keywords="Essen")
    shops = [
        ("Croitorie Ștefănescu", trades, "Gardinenreparatur, Säume und Änderungen"),
        ("Telefon Tamircisi Gökhan Şahin", phones, "Handyreparatur und Displayreparatur"),
        ("Ремонт на телефони Петров", phones, "Reparatur von Handys und Tablets"),
        ("Bäder & Fliesen Öztürk", trades, "Badsanierung aus einer Hand"),
        ("Türen und Tore Yılmaz", trades, "Haustüren, Garagentore"),
        ("مطعم الأصدقاء", food, "Falafel und Hummus"),
        ("صالون أمل", phones, "Zubehör"),
        ("مَخْبَز النُّور", food, "Frisches Brot"),
    ]
    for number, (title, category, tagline) in enumerate(shops):
        make_business(
            directory,
            title,
            category,
            p["marxloh"],
            51.50 + number / 1000,
            6.78,
            tagline=tagline,
        )


@pytest.fixture
def search(backend, street):
    if backend == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend, to_document
        from search.indexing import iter_visible_pages

        ElasticsearchBackend().rebuild(to_document(page, t) for page, t in iter_visible_pages())

    def run(client, query):
        response = client.get("/api/search/", {"q": query, "type": "business"})
        assert response.status_code == 200
        body = response.json()
        assert body["backend"] == backend
        return [hit["title"] for hit in body["results"]], body

    return run


def test_a_word_found_as_part_of_a_longer_one_counts(client, search):
    # "gardinen" is no word of any text, only the start of "Gardinenreparatur":
    # not left out, and the one shop with both words comes first.
    found, body = search(client, "gardinen reparieren")
    assert found[0] == "Croitorie Ștefănescu"
    assert body.get("left_out", []) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Without the hamza: a three-letter word has no typo tolerance to hide it.
        ("امل", "صالون أمل"),
        ("الاصدقاء", "مطعم الأصدقاء"),
        ("مخبز النور", "مَخْبَز النُّور"),  # without the vowel marks
        ("الأَصْدِقاء", "مطعم الأصدقاء"),  # with vowel marks the name has not
    ],
)
def test_arabic_is_folded_alike_on_both_backends(client, search, query, expected):
    found, _body = search(client, query)
    assert found == [expected]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("bad", "Bäder & Fliesen Öztürk"), ("tür", "Türen und Tore Yılmaz")],
)
def test_a_three_letter_word_finds_the_words_it_starts(client, search, query, expected):
    found, _body = search(client, query)
    assert expected in found
