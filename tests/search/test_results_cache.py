"""Search results kept until something changes (search/cache.py) and the
search page's main content cached the same way: on both search backends and
both cache backends, a repeated search asks the backend nothing, and every
publication, unpublication, reference change and the clock bring fresh
results at once."""

import datetime
import re

import pytest

from django.utils import timezone

from search.backends.database import DatabaseBackend
from search.backends.elasticsearch import ElasticsearchBackend
from search.registry import registry

# Both cache backends, as the page cache's own tests.
from ..quartier.test_cache import page_cache_on  # noqa: F401
from .conftest import make_business, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def searches(monkeypatch, run_search):
    """How many times a backend was really asked (the real search still runs)."""
    asked = []
    for backend_class in (DatabaseBackend, ElasticsearchBackend):
        original = backend_class.search

        def counted(self, search_request, original=original):
            asked.append(search_request.query)
            return original(self, search_request)

        monkeypatch.setattr(backend_class, "search", counted)
    return asked


def test_the_same_search_again_asks_the_backend_nothing(run_search, searches):
    first = run_search("friseur")
    second = run_search("friseur")
    assert titles(first) == titles(second) == ["Kuaför Yıldız", "Salon Haarscharf"]
    assert second.facets == first.facets
    assert searches == ["friseur"]


def test_another_page_filter_or_query_is_its_own_search(run_search, searches, places):
    run_search("friseur")
    assert titles(run_search("friseur", filters=_district(places["hochfeld"]))) == [
        "Salon Haarscharf"
    ]
    assert titles(run_search("friseur", page=2)) == []
    assert titles(run_search("bäckerei")) == ["Bäckerei Müller"]
    assert searches == ["friseur", "friseur", "friseur", "bäckerei"]


def test_a_publication_shows_in_the_next_search(run_search, searches, directory, places):
    assert titles(run_search("friseur")) == ["Kuaför Yıldız", "Salon Haarscharf"]
    make_business(directory, "Friseur Neu", places["friseur"], places["hochfeld"], 51.42, 6.76)
    assert titles(run_search("friseur")) == ["Friseur Neu", "Kuaför Yıldız", "Salon Haarscharf"]
    assert len(searches) == 2


def test_an_unpublished_business_leaves_the_next_search(run_search, searches, businesses):
    assert titles(run_search("friseur")) == ["Kuaför Yıldız", "Salon Haarscharf"]
    businesses["salon"].unpublish()
    result = run_search("friseur")
    assert titles(result) == ["Kuaför Yıldız"] and result.count == 1
    assert len(searches) == 2


def test_a_renamed_category_is_searched_afresh(run_search, searches, places):
    assert [row["name"] for row in run_search("friseur").facets["category"]] == ["Friseur"]
    places["friseur"].name = "Friseursalon"
    places["friseur"].save()
    assert [row["name"] for row in run_search("friseur").facets["category"]] == ["Friseursalon"]
    assert len(searches) == 2


def test_a_search_for_a_given_moment_is_never_kept(run_search, searches):
    when = timezone.now()
    run_search("friseur", when=when)
    run_search("friseur", when=when)
    assert searches == ["friseur", "friseur"]


def test_open_now_is_searched_again_each_minute(run_search, searches, places, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 10, 15, 5, tzinfo=datetime.UTC))
    filters = _district(places["marxloh"], open_now=True)
    open_in_marxloh = titles(run_search("", filters=filters))
    assert "Kuaför Yıldız" in open_in_marxloh and "Salon Haarscharf" not in open_in_marxloh
    time_machine.move_to(datetime.datetime(2026, 11, 26, 10, 15, 50, tzinfo=datetime.UTC))
    run_search("", filters=filters)
    assert len(searches) == 1
    time_machine.move_to(datetime.datetime(2026, 11, 26, 10, 16, 1, tzinfo=datetime.UTC))
    assert titles(run_search("", filters=filters)) == open_in_marxloh
    assert len(searches) == 2


def test_positions_and_everything_else_are_searched_again_the_next_day(
    run_search, searches, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 11, 26, 22, 59, tzinfo=datetime.UTC))
    run_search("friseur")
    time_machine.move_to(datetime.datetime(2026, 11, 26, 23, 1, tzinfo=datetime.UTC))
    run_search("friseur")  # 00:01 in Duisburg: a new day
    assert len(searches) == 2


def test_the_setting_turns_it_off(run_search, searches, settings):
    settings.SEARCH_RESULTS_CACHE = False
    run_search("friseur")
    run_search("friseur")
    assert len(searches) == 2


RESULT_TITLES = re.compile(r'class="search-hit__title"><a [^>]*><bdi>([^<]+)</bdi></a>')


def test_the_search_page_again_runs_no_search_and_shows_a_publication_at_once(
    client, run_search, searches, directory, places
):
    url = "/suche/?q=friseur"
    first = client.get(url)
    again = client.get(url)
    assert first.status_code == again.status_code == 200
    assert RESULT_TITLES.findall(again.text) == ["Kuaför Yıldız", "Salon Haarscharf"]
    assert again.text == first.text
    assert searches == ["friseur"]
    make_business(directory, "Friseur Neu", places["friseur"], places["hochfeld"], 51.42, 6.76)
    fresh = client.get(url)
    assert RESULT_TITLES.findall(fresh.text) == [
        "Friseur Neu",
        "Kuaför Yıldız",
        "Salon Haarscharf",
    ]
    assert searches == ["friseur", "friseur"]


def test_the_search_page_is_kept_per_language(client, run_search, searches):
    german = client.get("/suche/?q=friseur")
    turkish = client.get("/tr/ara/?q=friseur")
    assert german.status_code == turkish.status_code == 200
    assert '<html lang="de"' in german.text and '<html lang="tr"' in turkish.text
    assert "Kuaför" in turkish.text
    assert len(searches) == 1  # the same results, rendered in each language


def _district(district, **flags):
    filters = registry.empty_filters()
    filters.district = district
    for name, value in flags.items():
        setattr(filters, name, value)
    return filters


def test_the_search_api_answers_again_without_a_search_and_fresh_after_a_publication(
    client, run_search, searches, directory, places
):
    def titles_of(response):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        return [row["title"] for row in response.json()["results"]]

    first = client.get("/api/search/", {"q": "friseur", "lang": "tr"})
    again = client.get("/api/search/", {"q": "friseur", "lang": "tr"})
    assert titles_of(first) == titles_of(again) == ["Kuaför Yıldız", "Salon Haarscharf"]
    assert again.content == first.content
    assert first.json()["results"][0]["url"].startswith("/tr/")
    assert searches == ["friseur"]
    german = client.get("/api/search/", {"q": "friseur"})
    assert german.json()["results"][0]["url"].startswith("/verzeichnis/")  # its own answer
    assert searches == ["friseur"]  # but the same results
    make_business(directory, "Friseur Neu", places["friseur"], places["hochfeld"], 51.42, 6.76)
    fresh = client.get("/api/search/", {"q": "friseur", "lang": "tr"})
    assert titles_of(fresh) == ["Friseur Neu", "Kuaför Yıldız", "Salon Haarscharf"]
    assert searches == ["friseur", "friseur"]


def test_open_now_reads_the_businesses_hours_once_a_minute(
    backend, run_search, directory, places, monkeypatch, time_machine, settings
):
    """On Elasticsearch "open now" first lists the hours that are open now
    (read from every listed business): once per minute for all searches, even
    with the results cache off, and again at once after a publication."""
    from directory.models.queries import BusinessPageQuerySet

    if backend != "elasticsearch":
        pytest.skip("the database backend filters in its own query")
    settings.SEARCH_RESULTS_CACHE = False
    readings = []
    original = BusinessPageQuerySet.open_texts

    def counted(self, when=None):
        readings.append(when)
        return original(self, when)

    monkeypatch.setattr(BusinessPageQuerySet, "open_texts", counted)
    time_machine.move_to(datetime.datetime(2026, 11, 26, 17, 30, 5, tzinfo=datetime.UTC))
    marxloh = _district(places["marxloh"], open_now=True)
    hochfeld = _district(places["hochfeld"], open_now=True)
    assert "Kuaför Yıldız" in titles(run_search("", filters=marxloh))
    run_search("friseur", filters=hochfeld)
    time_machine.move_to(datetime.datetime(2026, 11, 26, 17, 30, 58, tzinfo=datetime.UTC))
    run_search("bäckerei", filters=marxloh)
    assert len(readings) == 1
    late = make_business(
        directory,
        "Şahin Fırın – مخبز",
        places["friseur"],
        places["marxloh"],
        51.502,
        6.78,
        opening_hours="Mo-Su 18:00-23:30",  # 19:30 in Duisburg
    )
    assert late.title in titles(run_search("", filters=marxloh))
    assert len(readings) == 2
    time_machine.move_to(datetime.datetime(2026, 11, 26, 17, 31, 1, tzinfo=datetime.UTC))
    run_search("", filters=marxloh)
    assert len(readings) == 3


def test_a_category_renamed_in_another_process_is_named_anew_here(run_search, places):
    """Another gunicorn worker saved the category: its signal could drop only
    its own local-memory cache, so the facet names and the category words
    hang off a generation every process reads (quartier.cache.REFERENCES)."""
    from directory.models import Category
    from quartier.cache import CHANGES, REFERENCES

    assert [row["name"] for row in run_search("friseur").facets["category"]] == ["Friseur"]
    # What the other process did: the row written, its generations moved.
    Category.objects.filter(pk=places["friseur"].pk).update(name="Kuaför – Frisör & Barbier")
    REFERENCES.bump()
    CHANGES.bump()
    assert [row["name"] for row in run_search("friseur").facets["category"]] == [
        "Kuaför – Frisör & Barbier"
    ]
