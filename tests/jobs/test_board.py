"""The jobs board: where it can be created, what it lists (open positions of
live businesses, once, in every language), its filters, sorting and
constant SQL queries."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import BusinessJob, BusinessPage
from jobs.models import JobsIndexPage
from quartier.clock import local_today
from quartier.models import HomePage, StandardPage

from ..clock import berlin
from ..directory.factories import (
    BusinessPageFactory,
    DistrictFactory,
    LanguageFactory,
    make_directory,
)
from .factories import BusinessJobFactory

pytestmark = pytest.mark.usefixtures("german")

# Measured once; the point is that it is the same at 10 and at 200 positions.
MAX_LISTING_QUERIES = 21


def titles(response):
    return [job.title for job in response.context["jobs"]]


@pytest.fixture
def shops(home_page):
    directory = make_directory(home_page)
    hochfeld = DistrictFactory(slug="hochfeld", name="Hochfeld")
    marxloh = DistrictFactory(slug="marxloh", name="Marxloh")
    return {
        "hochfeld": BusinessPageFactory(parent=directory, title="Bäckerei", district=hochfeld),
        "marxloh": BusinessPageFactory(parent=directory, title="Friseur", district=marxloh),
        "directory": directory,
    }


@pytest.mark.django_db
def test_board_belongs_under_the_home_page_only(home_page):
    assert JobsIndexPage.can_create_at(home_page)
    assert JobsIndexPage in HomePage.allowed_subpage_models()
    assert JobsIndexPage not in StandardPage.allowed_subpage_models()
    assert JobsIndexPage.allowed_subpage_models() == []


@pytest.mark.django_db
def test_only_one_board_per_home_page(board, home_page):
    assert not JobsIndexPage.can_create_at(home_page)


@pytest.mark.django_db
def test_board_lists_open_positions_of_live_businesses_only(client, board, shops):
    today = local_today()
    BusinessJobFactory(page=shops["hochfeld"], title="Verkauf")
    BusinessJobFactory(page=shops["marxloh"], title="Heute letzter Tag", valid_until=today)
    BusinessJobFactory(
        page=shops["marxloh"], title="Abgelaufen", valid_until=today - datetime.timedelta(days=1)
    )
    BusinessJobFactory(page=shops["marxloh"], title="Besetzt", filled=True)
    closed = BusinessPageFactory(
        parent=shops["directory"], status=BusinessPage.Status.CLOSED, title="Zu"
    )
    BusinessJobFactory(page=closed, title="Geschlossenes Geschäft")
    draft = BusinessPageFactory(parent=shops["directory"], live=False, title="Entwurf")
    BusinessJobFactory(page=draft, title="Nicht veröffentlicht")

    response = client.get(board.url)
    assert response.status_code == 200
    assert sorted(titles(response)) == ["Heute letzter Tag", "Verkauf"]
    assert "Abgelaufen" not in response.text and "Besetzt" not in response.text


@pytest.mark.django_db
def test_each_position_is_listed_once_in_every_language(client, board, shops):
    BusinessJobFactory(page=shops["hochfeld"], title="Verkauf")
    assert BusinessJob.objects.filter(title="Verkauf").count() == 1  # one business page
    for prefix in ("", "/en", "/tr", "/ar", "/bg", "/ro"):
        response = client.get(f"{prefix}/arbeit/", HTTP_REFERER="http://testserver/")
        assert response.status_code == 200, prefix
        assert titles(response) == ["Verkauf"], prefix
    original = BusinessJob.objects.get(title="Verkauf", page__locale__language_code="de")
    response = client.get("/tr/arbeit/", HTTP_REFERER="http://testserver/")
    assert f'href="/tr/arbeit/{original.pk}/"' in response.text
    assert f'href="/tr{shops["hochfeld"].url}"' in response.text  # the business, in Turkish


@pytest.mark.django_db
def test_filters(client, board, shops):
    turkish = LanguageFactory(code="tr", native_name="Türkçe", german_name="Türkisch")
    arabic = LanguageFactory(code="ar", native_name="العربية", german_name="Arabisch")
    today = local_today()
    BusinessJobFactory(
        page=shops["marxloh"],
        title="Ausbildung Friseurin",
        kind=BusinessJob.Kind.APPRENTICESHIP,
        german_level="A2",
        hours_per_week=39,
        start_date=today + datetime.timedelta(days=60),
        wheelchair=BusinessPage.Wheelchair.YES,
        languages=[turkish],
    )
    BusinessJobFactory(
        page=shops["hochfeld"],
        title="Minijob Verkauf",
        kind=BusinessJob.Kind.MINIJOB,
        german_level="B2",
        hours_per_week=10,
        languages=[arabic, turkish],
    )
    BusinessJobFactory(
        page=shops["hochfeld"],
        title="Probearbeit Küche",
        kind=BusinessJob.Kind.TRIAL_WORK,
        hours_per_week=20,
        wheelchair=BusinessPage.Wheelchair.NO,
    )

    def listed(query):
        response = client.get(board.url + "?" + query)
        assert response.status_code == 200
        assert response.context["filter_errors"] == []
        return sorted(titles(response))

    assert listed("type=apprenticeship") == ["Ausbildung Friseurin"]
    assert listed("type=trial_work") == ["Probearbeit Küche"]
    assert listed("district=marxloh") == ["Ausbildung Friseurin"]
    assert listed("language=tr") == ["Ausbildung Friseurin", "Minijob Verkauf"]
    assert listed("language=ar") == ["Minijob Verkauf"]
    assert listed("german_level=none") == ["Probearbeit Küche"]
    assert listed("german_level=a2") == ["Ausbildung Friseurin", "Probearbeit Küche"]
    assert listed("german_level=C2") == [
        "Ausbildung Friseurin",
        "Minijob Verkauf",
        "Probearbeit Küche",
    ]
    assert listed("hours=20") == ["Minijob Verkauf", "Probearbeit Küche"]
    assert listed(f"start_by={today.isoformat()}") == ["Minijob Verkauf", "Probearbeit Küche"]
    assert listed("wheelchair=1") == ["Ausbildung Friseurin"]
    assert listed("district=marxloh&language=tr&type=apprenticeship") == ["Ausbildung Friseurin"]


@pytest.mark.django_db
def test_unknown_filter_values_are_reported_and_ignored(client, board, shops):
    BusinessJobFactory(page=shops["hochfeld"], title="Verkauf")
    response = client.get(board.url + "?type=astronaut&german_level=D9&hours=x&start_by=morgen")
    assert response.status_code == 200
    assert titles(response) == ["Verkauf"]
    assert sorted(str(error) for error in response.context["filter_errors"]) == [
        "Bitte ein Datum wie 2026-08-01 angeben.",
        "Bitte eine ganze Zahl an Stunden angeben.",
        "Unbekannte Art der Stelle.",
        "Unbekanntes Sprachniveau.",
    ]


@pytest.mark.django_db
def test_sorted_newest_first_or_by_start(client, board, shops):
    today = local_today()
    old = BusinessJobFactory(page=shops["hochfeld"], title="Alt", start_date=today)
    BusinessJob.objects.filter(pk=old.pk).update(
        posted_at=old.posted_at - datetime.timedelta(days=3)
    )
    BusinessJobFactory(
        page=shops["hochfeld"], title="Neu", start_date=today + datetime.timedelta(days=9)
    )
    BusinessJobFactory(page=shops["marxloh"], title="Sofort")
    assert titles(client.get(board.url)) == ["Sofort", "Neu", "Alt"]
    assert titles(client.get(board.url + "?sort=start")) == ["Sofort", "Alt", "Neu"]


def add_positions(directory, count, start=0):
    district = DistrictFactory(slug="hochfeld", name="Hochfeld")
    turkish = LanguageFactory()
    for number in range(start, start + count):
        business = BusinessPageFactory(
            parent=directory, title=f"Laden {number:03d}", district=district
        )
        BusinessJobFactory(
            page=business,
            title=f"Stelle {number:03d}",
            kind=BusinessJob.Kind.APPRENTICESHIP,
            languages=[turkish],
        )


def count_queries(client, url):
    # Steady state: after a change the first request rebuilds what the change
    # dropped (site, header, language links); the count is about every later one.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.django_db
def test_listing_queries_do_not_grow_with_positions(client, home_page, board):
    directory = make_directory(home_page)
    add_positions(directory, 10)
    url = board.url + "?type=apprenticeship&language=tr&district=hochfeld"
    client.get(url)  # warm caches (site root, settings)
    at_10, response = count_queries(client, url)
    assert len(titles(response)) == 10
    add_positions(directory, 190, start=10)
    at_200, response = count_queries(client, url + "&page=3")
    assert len(titles(response)) == 20
    assert at_200 == at_10
    assert at_10 <= MAX_LISTING_QUERIES


@pytest.mark.clock
@pytest.mark.django_db
def test_a_position_disappears_at_midnight_berlin(client, board, shops, clock_at):
    clock_at(berlin(2026, 11, 25, 23, 59))
    BusinessJobFactory(
        page=shops["hochfeld"], title="Bis heute", valid_until=datetime.date(2026, 11, 25)
    )
    assert titles(client.get(board.url)) == ["Bis heute"]
    clock_at(berlin(2026, 11, 26, 0, 1))  # 23:01 UTC: still the 25th in UTC
    assert titles(client.get(board.url)) == []
