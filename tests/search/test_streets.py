"""Streets as places (issue #28): a query naming a street lists the
businesses on it first, then the nearest ones, with the distance; on both
backends, from the businesses' own addresses, with the spellings people type."""

import pytest

from search.streets import find_street, street_key

from .conftest import make_business


@pytest.fixture
def on_streets(businesses, directory, places):
    """Three shops on Weseler Straße (Marxloh), one on Kaiser-Wilhelm-Straße;
    the fixture's businesses are all on Wanheimer Straße."""
    p = places
    return {
        "gemuese": make_business(
            directory, "Gemüse Aydın", p["baeckerei"], p["marxloh"], 51.4990, 6.7760,
            street="Weseler Straße", house_number="10",
        ),
        "gold": make_business(
            directory, "Altın Kuyumcu", p["schneiderei"], p["marxloh"], 51.4996, 6.7770,
            street="Weseler Straße", house_number="40a",
        ),
        "braut": make_business(
            directory, "Brautmoden Elif", p["schneiderei"], p["marxloh"], 51.5004, 6.7785,
            street="Weseler Straße", house_number="100",
        ),
        "barber": make_business(
            directory, "Barbershop Istanbul", p["friseur"], p["marxloh"], 51.5032, 6.7704,
            street="Kaiser-Wilhelm-Straße", house_number="280",
        ),
    }  # fmt: skip


WESELER = ["Gemüse Aydın", "Altın Kuyumcu", "Brautmoden Elif"]


@pytest.mark.parametrize(
    "query",
    ["Weseler Straße", "weseler strasse", "Weseler Str.", "WESELER STR", "weseler-straße"],
)
def test_every_spelling_of_the_street_lists_its_businesses_first(on_streets, run_search, query):
    result = run_search(query)
    titles = [hit.title for hit in result.results]
    assert titles[:3] == WESELER  # by house number
    # Then the nearest: Kuaför Yıldız (88 m) and Terzi Ayşe are a hundred metres
    # away in Marxloh, the Barbershop farther, Hochfeld's shops 9 km.
    assert titles[3:6] == ["Kuaför Yıldız", "Terzi Ayşe", "Barbershop Istanbul"]
    assert result.count == 9  # every visible business, nearest first
    assert [hit.on_street for hit in result.results[:4]] == [True, True, True, False]
    assert [hit.distance_m for hit in result.results[:3]] == [None, None, None]
    assert result.results[3].distance_m == 88
    assert result.street == {"name": "Weseler Straße", "house_number": None, "words": ""}


def test_a_house_number_puts_the_nearest_number_first(on_streets, run_search):
    result = run_search("weseler str 12")
    assert [hit.title for hit in result.results[:3]] == WESELER
    # Distances from number 10, the nearest number to 12.
    assert [hit.distance_m for hit in result.results[:3]] == [0, 96, 233]
    assert run_search("Weseler Straße 95").results[0].title == "Brautmoden Elif"


@pytest.mark.parametrize(
    "query", ["Kaiser-Wilhelm", "kaiser wilhelm straße", "Kaiser-Wilhelm-Str. 280"]
)
def test_a_street_of_two_words_needs_no_suffix(on_streets, run_search, query):
    result = run_search(query)
    assert result.results[0].title == "Barbershop Istanbul"
    assert result.results[0].on_street is True


def test_other_words_are_searched_on_and_near_the_street(on_streets, run_search):
    result = run_search("friseur weseler straße")
    # No hairdresser on Weseler Straße: the nearest ones, each with its distance.
    assert [hit.title for hit in result.results] == [
        "Kuaför Yıldız",
        "Barbershop Istanbul",
        "Salon Haarscharf",
    ]
    assert [hit.on_street for hit in result.results] == [False, False, False]
    assert result.results[0].distance_m == 88
    schneiderei = run_search("schneiderei weseler str")
    assert [hit.title for hit in schneiderei.results][:2] == ["Altın Kuyumcu", "Brautmoden Elif"]


def test_one_word_without_suffix_is_no_street(on_streets, run_search):
    # "weseler" alone stays a word search (it is in no text), "hochfeld" a district.
    assert run_search("weseler").street is None
    assert run_search("hochfeld").street is None


def test_the_api_carries_the_street_and_the_distance(client, on_streets, run_search):
    run_search("")  # the backend's index is current
    data = client.get("/api/search/", {"q": "weseler str 12"}).json()
    assert data["street"] == {"name": "Weseler Straße", "house_number": 12, "words": ""}
    first, fourth = data["results"][0], data["results"][3]
    assert (first["title"], first["distance_m"], first["street"]) == (
        "Gemüse Aydın",
        0,
        {"name": "Weseler Straße", "on_street": True},
    )
    assert (fourth["title"], fourth["street"]["on_street"]) == ("Kuaför Yıldız", False)


def test_the_page_shows_on_the_street_and_the_distance(client, on_streets, run_search):
    run_search("")
    html = client.get("/suche/", {"q": "Weseler Straße"}).content.decode()
    assert html.count("An der gesuchten Straße</li>") == 3
    assert "88 m von der gesuchten Straße" in html
    turkish = client.get("/tr/ara/", {"q": "Weseler Straße"}).content.decode()
    assert turkish.count("Aranan sokakta</li>") == 3
    assert "Aranan sokağa 88 m" in turkish


def test_street_key_normalises_what_people_type():
    expected = ("kaiser", "wilhelm", "str")
    for typed in ("Kaiser-Wilhelm-Straße", "kaiser wilhelm strasse", "KAISER-WILHELM-STR."):
        assert street_key(typed) == expected
    assert street_key("Hochfeldstraße") == ("hochfeld", "str")
    assert street_key("Şehitlik Sokağı") == ("sehitlik", "sokagi")


@pytest.mark.django_db
def test_no_businesses_no_street():
    assert find_street("weseler straße") is None


def test_a_query_that_names_no_street_reads_only_the_street_names(on_streets, monkeypatch):
    """Every query of two words or more asks whether it names a street; only
    one that does needs the businesses' places (10,000 at 10,000 businesses:
    un-pickling them took a two-word search 8 ms, more than Elasticsearch)."""
    from django.core.cache import caches

    backend = caches["default"]
    read = []
    get = backend.get

    def recorded(key, *args, **kwargs):
        read.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(backend, "get", recorded)
    assert find_street("weseler straße").places  # builds and keeps both parts
    read.clear()
    assert find_street("friseur preiswert") is None
    assert any(key.startswith("search:streets:names:") for key in read), read
    assert not any(key.startswith("search:streets:places:") for key in read), read
    assert len(find_street("weseler str 40").places) == 3
