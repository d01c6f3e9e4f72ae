"""Open positions are search results of their own on both backends: "ausbildung
friseur" or the Turkish "çırak" returns the apprenticeship itself (its URL on
the jobs board, title, business, district). A position past its end date or
marked filled is gone from search at once: the backends filter on the date
and the flag when the search runs, with no publish and no rebuild between."""

import datetime
import re

import pytest

from directory.models import BusinessJob, BusinessPage
from quartier.clock import local_today

from ..clock import berlin
from ..directory.factories import german  # noqa: F401  (fixture)
from ..jobs.factories import BusinessJobFactory, make_board
from .conftest import make_business

pytestmark = [pytest.mark.usefixtures("german"), pytest.mark.django_db]

LAST_DAY = datetime.date(2026, 11, 30)


@pytest.fixture
def positions(home_page, directory, places, clock_at):
    clock_at(berlin(2026, 11, 26, 10))
    p = places
    board = make_board(home_page)
    kemal = make_business(
        directory, "Berber Kemal", p["friseur"], p["marxloh"], 51.5011, 6.7791, languages=[p["tr"]]
    )
    lale = make_business(directory, "Salon Lale", p["friseur"], p["hochfeld"], 51.43, 6.76)
    closed = make_business(
        directory,
        "Salon Zu",
        p["friseur"],
        p["marxloh"],
        51.5012,
        6.7792,
        status=BusinessPage.Status.CLOSED,
    )
    apprenticeship = BusinessJobFactory(
        page=kemal,
        title="Ausbildung Friseur (m/w/d)",
        kind=BusinessJob.Kind.APPRENTICESHIP,
        description="Drei Jahre, Berufsschule in Duisburg.",
        valid_until=LAST_DAY,
        languages=[p["tr"]],
    )
    minijob = BusinessJobFactory(
        page=lale, title="Aushilfe am Samstag", kind=BusinessJob.Kind.MINIJOB
    )
    BusinessJobFactory(page=closed, title="Kosmetik Praktikum", kind=BusinessJob.Kind.INTERNSHIP)
    for business in (kemal, lale, closed):
        BusinessPage.objects.get(pk=business.pk).save_revision().publish()
    return {"board": board, "apprenticeship": apprenticeship, "minijob": minijob}


@pytest.fixture
def search(backend, positions):
    """Runs a search through the API after the backend's index is current."""
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


def jobs_in(body):
    return [hit for hit in body["results"] if hit["type"] == "job"]


def test_a_position_is_a_result_of_its_own(client, search, positions):
    job = positions["apprenticeship"]
    body = search(client, "ausbildung friseur")
    assert jobs_in(body) == [
        {
            "title": "Ausbildung Friseur (m/w/d)",
            "url": f"/arbeit/{job.pk}/",
            "type": "job",
            "type_label": "Ausbildungsplatz",
            "summary": "Drei Jahre, Berufsschule in Duisburg.",
            "category": "Friseur",
            "category_slug": "friseur",
            "district": "Marxloh",
            "district_slug": "marxloh",
            "business": "Berber Kemal",
            "distance_m": None,
            "open_now": None,
            "latitude": None,
            "longitude": None,
        }
    ]
    assert body["facets"]["type"] == [{"slug": "job", "name": "Stelle", "count": 1}]


@pytest.mark.parametrize("query", ["çırak", "cirak", "azubi", "apprenticeship", "ucenic"])
def test_the_kind_is_found_in_every_language(client, search, query):
    assert [hit["title"] for hit in jobs_in(search(client, query))] == [
        "Ausbildung Friseur (m/w/d)"
    ]


def test_business_district_and_languages_at_work_find_positions(client, search):
    assert [hit["title"] for hit in jobs_in(search(client, "aushilfe lale"))] == [
        "Aushilfe am Samstag"
    ]
    found = search(client, "friseur", type="job", language="tr")
    assert [hit["title"] for hit in found["results"]] == ["Ausbildung Friseur (m/w/d)"]
    assert found["count"] == 1


def test_the_search_page_links_the_position(client, search, positions):
    search(client, "çırak")  # the index is current
    response = client.get("/suche/", {"q": "çırak", "type": "job"})
    assert response.status_code == 200
    html = response.text
    job = positions["apprenticeship"]
    # The title is isolated (<bdi>) for mixed directions.
    assert re.search(
        rf'<a href="/arbeit/{job.pk}/"[^>]*><bdi>Ausbildung Friseur \(m/w/d\)</bdi></a>', html
    )
    assert "<li>Berber Kemal</li>" in html


@pytest.mark.clock
def test_a_position_past_its_end_date_is_gone_at_midnight(client, search, clock_at):
    clock_at(berlin(2026, 11, 30, 23, 59))
    assert [hit["title"] for hit in jobs_in(search(client, "çırak"))] == [
        "Ausbildung Friseur (m/w/d)"
    ]
    clock_at(berlin(2026, 12, 1, 0, 1))
    body = search(client, "çırak")
    assert jobs_in(body) == []
    assert body["count"] == 0
    assert local_today() == LAST_DAY + datetime.timedelta(days=1)


def test_a_filled_position_is_gone_at_once(client, search, positions):
    job = BusinessJob.objects.get(pk=positions["apprenticeship"].pk)
    job.filled = True
    job.save()
    body = search(client, "çırak")
    assert (jobs_in(body), body["count"]) == ([], 0)


def test_an_end_date_changed_behind_the_index_is_still_respected(client, search, positions):
    BusinessJob.objects.filter(pk=positions["minijob"].pk).update(
        valid_until=local_today() - datetime.timedelta(days=1)
    )
    assert jobs_in(search(client, "aushilfe")) == []


def test_positions_of_hidden_businesses_are_never_found(client, search):
    titles = [hit["title"] for hit in jobs_in(search(client, "kosmetik"))]
    assert titles == []


def test_unpublishing_the_business_removes_its_positions(client, search, positions):
    positions["apprenticeship"].page.unpublish()
    assert jobs_in(search(client, "çırak")) == []
