"""Honest empty answers (issue #28): the filter that emptied a search or the
directory listing is named with what its removal finds, "open now" with when
the first match opens (Berlin time, the visitor's language), and the
spelling tip only when no word of the query finds anything."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import make_business

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args):
    return datetime.datetime(*args, tzinfo=BERLIN)


@pytest.fixture
def tailors(businesses, directory, places):
    """Three tailors, none open on a Sunday evening: Terzi Ayşe (the
    fixture's, Mo-Fr 09:00-18:00; Sa 10:00-14:00), and two more."""
    return [
        make_business(
            directory,
            "Schneiderei Nadel",
            places["schneiderei"],
            places["hochfeld"],
            51.4215,
            6.7585,
            opening_hours="Mo-Sa 08:00-18:00",
        ),
        make_business(
            directory,
            "Änderungsschneiderei Öz",
            places["schneiderei"],
            places["hochfeld"],
            51.4220,
            6.7590,
            opening_hours="Mo-Fr 09:00-17:00",
        ),
    ]


def empty_lines(html):
    soup = BeautifulSoup(html, "html.parser")
    return [
        " ".join(p.get_text(" ", strip=True).split()) for p in soup.select(".search-empty__filters")
    ]


def links(html):
    soup = BeautifulSoup(html, "html.parser")
    return [(a.get_text(strip=True), a["href"]) for a in soup.select(".search-empty__filters a")]


@pytest.mark.clock
@pytest.mark.parametrize(
    ("instant", "german", "turkish", "arabic"),
    [
        (
            berlin(2026, 11, 22, 20, 0),  # Sunday evening
            "Jetzt geöffnet: keins. 3 öffnen morgen ab 8 Uhr.",
            "Şu an açık: yok. 3 işletme yarın saat 08:00 itibarıyla açılıyor.",
            "مفتوح الآن: لا شيء. عدد المحلات التي تفتح غدًا ابتداءً من الساعة 08:00: 3.",
        ),
        (
            berlin(2026, 11, 23, 6, 30),  # Monday morning
            "Jetzt geöffnet: keins. 3 öffnen heute ab 8 Uhr.",
            "Şu an açık: yok. 3 işletme bugün saat 08:00 itibarıyla açılıyor.",
            "مفتوح الآن: لا شيء. عدد المحلات التي تفتح اليوم ابتداءً من الساعة 08:00: 3.",
        ),
        (
            berlin(2026, 11, 21, 19, 0),  # Saturday evening: Sunday closed
            "Jetzt geöffnet: keins. 3 öffnen am Montag ab 8 Uhr.",
            "Şu an açık: yok. 3 işletme Pazartesi saat 08:00 itibarıyla açılıyor.",
            "مفتوح الآن: لا شيء. عدد المحلات التي تفتح يوم الاثنين ابتداءً من الساعة 08:00: 3.",
        ),
    ],
)
def test_open_now_says_when_the_matches_open(
    client, tailors, clock_at, instant, german, turkish, arabic
):
    clock_at(instant)
    params = {"q": "schneiderei", "open_now": "1"}
    html = client.get("/suche/", params).content.decode()
    assert empty_lines(html) == [f"{german} Ohne Filter: 3 Treffer"]
    assert links(html) == [("Ohne Filter: 3 Treffer", "?q=schneiderei")]
    assert "Schreibweise" not in html
    assert empty_lines(client.get("/tr/ara/", params).content.decode()) == [
        f"{turkish} Filtresiz: 3 sonuç"
    ]
    arabic_page = client.get("/ar/" + search_path("ar"), params).content.decode()
    assert empty_lines(arabic_page)[0].startswith(arabic)


def search_path(language):
    from django.urls import reverse
    from django.utils import translation

    with translation.override(language):
        return reverse("search").removeprefix(f"/{language}/")


@pytest.mark.clock
def test_the_api_carries_the_same_facts(client, tailors, clock_at):
    clock_at(berlin(2026, 11, 22, 20, 0))
    data = client.get("/api/search/", {"q": "schneiderei", "open_now": "1", "lang": "tr"}).json()
    assert data["count"] == 0
    assert data["empty_because"] == {
        "filters": [
            {
                "filter": "open_now",
                "label": "şu an açık",
                "without_filter": 3,
                "next_opening": "2026-11-23T08:00:00+01:00",
                "next_opening_count": 3,
                "next_opening_text": "yarın saat 08:00 itibarıyla",
                "text": "Şu an açık: yok. 3 işletme yarın saat 08:00 itibarıyla açılıyor.",
                "links": [{"text": "Filtresiz: 3 sonuç", "url": "?lang=tr&q=schneiderei"}],
            }
        ],
        "words_without_match": [],
        "check_spelling": False,
    }


def test_a_district_names_where_the_matches_are(client, businesses):
    # The only bakery is in Hochfeld.
    params = {"q": "bäckerei", "district": "marxloh"}
    html = client.get("/suche/", params).content.decode()
    assert empty_lines(html) == ["In Marxloh: keins. 1 in Hochfeld · Ohne Filter: 1 Treffer"]
    assert links(html) == [
        ("1 in Hochfeld", "?district=hochfeld&q=b%C3%A4ckerei"),
        ("Ohne Filter: 1 Treffer", "?q=b%C3%A4ckerei"),
    ]
    turkish = client.get("/tr/ara/", params).content.decode()
    assert empty_lines(turkish) == [
        "Marxloh semtinde: yok. Hochfeld semtinde 1 · Filtresiz: 1 sonuç"
    ]
    arabic = client.get("/ar/" + search_path("ar"), params).content.decode()
    assert empty_lines(arabic) == ["في Marxloh: لا شيء. 1 في Hochfeld · بدون عوامل تصفية: 1 نتائج"]


def test_the_spelling_tip_only_when_no_word_finds_anything(client, businesses):
    nothing = client.get("/suche/", {"q": "xylophonbau"}).content.decode()
    assert "Prüfen Sie die Schreibweise" in nothing
    # Each word finds something, together nothing: no spelling tip.
    mixed = client.get("/suche/", {"q": "friseur brot"}).content.decode()
    assert "Wir haben nichts zu „friseur brot“ gefunden." in mixed
    assert "Schreibweise" not in mixed
    data = client.get("/api/search/", {"q": "friseur brot"}).json()
    assert data["empty_because"] == {
        "filters": [],
        "words_without_match": [],
        "check_spelling": False,
    }
    # A word that finds nothing beside one that does is left out, not an empty answer.
    data = client.get("/api/search/", {"q": "friseur xylophonbau"}).json()
    assert (data["count"], data["left_out"]) == (2, ["xylophonbau"])
    assert "empty_because" not in data
    assert client.get("/api/search/", {"q": "xylophonbau"}).json()["empty_because"][
        "check_spelling"
    ]


def test_a_search_with_results_says_nothing_of_it(client, businesses):
    data = client.get("/api/search/", {"q": "friseur"}).json()
    assert data["count"] == 2 and "empty_because" not in data


def test_the_empty_answer_costs_a_bounded_number_of_queries(client, businesses):
    client.get("/suche/", {"q": "friseur"})  # warms what every request shares
    with CaptureQueriesContext(connection) as found:
        client.get("/suche/", {"q": "bäckerei", "district": "hochfeld"})
    with CaptureQueriesContext(connection) as empty:
        html = client.get("/suche/", {"q": "bäckerei", "district": "marxloh"}).content.decode()
    assert "1 in Hochfeld" in html
    # The same search without the district (its facets name Hochfeld): its
    # text query; the categories listed on an empty page; nothing per result.
    assert len(empty) <= len(found) + 3, [query["sql"] for query in empty.captured_queries]


@pytest.mark.clock
def test_the_directory_listing_explains_its_empty_filters(
    client, directory, tailors, clock_at, django_assert_max_num_queries
):
    clock_at(berlin(2026, 11, 22, 20, 0))
    path = directory.url
    client.get(path)
    with django_assert_max_num_queries(30):
        html = client.get(path, {"category": "baeckerei", "district": "marxloh"}).content.decode()
    assert empty_lines(html) == [
        "Mit „Bäckerei“: keins. Ohne Filter: 2 Treffer",
        "In Marxloh: keins. 1 in Hochfeld · Ohne Filter: 1 Treffer",
    ]
    closed = client.get(path, {"category": "schneiderei", "open_now": "1"}).content.decode()
    # Without the category, the two shops open all week remain.
    assert empty_lines(closed) == [
        "Mit „Schneiderei“: keins. Ohne Filter: 2 Treffer",
        "Jetzt geöffnet: keins. 3 öffnen morgen ab 8 Uhr. Ohne Filter: 3 Treffer",
    ]
    turkish = client.get(
        "/tr" + path, {"category": "schneiderei", "open_now": "1"}
    ).content.decode()
    assert empty_lines(turkish)[1] == (
        "Şu an açık: yok. 3 işletme yarın saat 08:00 itibarıyla açılıyor. Filtresiz: 3 sonuç"
    )
