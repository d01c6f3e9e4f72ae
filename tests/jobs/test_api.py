"""GET /api/jobs/: the documented JSON, filters, errors and constant queries."""

import datetime

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import BusinessJob

from ..directory.factories import (
    BusinessPageFactory,
    DistrictFactory,
    LanguageFactory,
    make_directory,
)
from .factories import BusinessJobFactory

pytestmark = pytest.mark.usefixtures("german")

MAX_API_QUERIES = 10


@pytest.fixture
def positions(home_page, board):
    directory = make_directory(home_page)
    turkish = LanguageFactory(code="tr", native_name="Türkçe", german_name="Türkisch")
    marxloh = DistrictFactory(slug="marxloh", name="Marxloh")
    hochfeld = DistrictFactory(slug="hochfeld", name="Hochfeld")
    salon = BusinessPageFactory(
        parent=directory, title="Salon", district=marxloh, street="Weseler Straße"
    )
    bakery = BusinessPageFactory(parent=directory, title="Bäckerei", district=hochfeld)
    apprenticeship = BusinessJobFactory(
        page=salon,
        title="Ausbildung Friseurin",
        kind=BusinessJob.Kind.APPRENTICESHIP,
        german_level="A2",
        hours_per_week=39,
        start_date=datetime.date(2027, 8, 1),
        valid_until=datetime.date(2027, 6, 30),
        wheelchair="yes",
        languages=[turkish],
    )
    minijob = BusinessJobFactory(
        page=bakery, title="Minijob Verkauf", kind=BusinessJob.Kind.MINIJOB, german_level="B1"
    )
    return {"apprenticeship": apprenticeship, "minijob": minijob, "salon": salon}


@pytest.mark.django_db
def test_api_answers_the_documented_json(client, positions):
    response = client.get("/api/jobs/?district=marxloh&type=apprenticeship&language=tr")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = response.json()
    job = positions["apprenticeship"]
    assert body == {
        "count": 1,
        "page": 1,
        "pages": 1,
        "results": [
            {
                "id": job.pk,
                "title": "Ausbildung Friseurin",
                "type": "apprenticeship",
                "type_name": "Ausbildungsplatz",
                "description": "Wir suchen Verstärkung.",
                "district": "marxloh",
                "district_name": "Marxloh",
                "languages": ["tr"],
                "german_level": "A2",
                "hours_per_week": 39,
                "start_date": "2027-08-01",
                "valid_through": "2027-06-30",
                "wheelchair": "yes",
                "posted_at": job.posted_at.isoformat(timespec="seconds"),
                "url": f"http://localhost/arbeit/{job.pk}/",
                "business": {
                    "name": "Salon",
                    "url": f"http://localhost{positions['salon'].url}",
                    "address": positions["salon"].address_line,
                    "latitude": 51.42,
                    "longitude": 6.758,
                },
            }
        ],
    }


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("", ["Minijob Verkauf", "Ausbildung Friseurin"]),
        ("?type=minijob", ["Minijob Verkauf"]),
        ("?district=hochfeld", ["Minijob Verkauf"]),
        ("?language=tr", ["Ausbildung Friseurin"]),
        ("?german_level=A2", ["Ausbildung Friseurin"]),
        ("?german_level=none", []),
        ("?german_level=B1", ["Minijob Verkauf", "Ausbildung Friseurin"]),
    ],
)
@pytest.mark.django_db
def test_api_filters(client, positions, query, titles):
    body = client.get("/api/jobs/" + query).json()
    assert [item["title"] for item in body["results"]] == titles
    assert body["count"] == len(titles)


@pytest.mark.django_db
def test_api_rejects_unknown_values(client, positions):
    response = client.get("/api/jobs/?type=astronaut&district=mond&language=xx&german_level=Z")
    assert response.status_code == 400
    assert response.json() == {
        "errors": {
            "type": "Unbekannte Art der Stelle.",
            "district": "Unbekannter Stadtteil.",
            "language": "Unbekannte Sprache.",
            "german_level": "Unbekanntes Sprachniveau.",
        }
    }


def count_queries(client, url):
    # Steady state: after a change the first request rebuilds what the change
    # dropped (site, header, language links); the count is about every later one.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.json()


@pytest.mark.django_db
def test_api_queries_do_not_grow_with_positions(client, home_page, board):
    directory = make_directory(home_page)
    turkish = LanguageFactory()
    district = DistrictFactory(slug="hochfeld", name="Hochfeld")

    def add(count, start):
        for number in range(start, start + count):
            business = BusinessPageFactory(parent=directory, district=district)
            BusinessJobFactory(page=business, title=f"Stelle {number}", languages=[turkish])

    add(10, 0)
    url = "/api/jobs/?language=tr&district=hochfeld"
    client.get(url)  # warm caches (site root paths)
    at_10, body = count_queries(client, url)
    assert body["count"] == 10
    add(190, 10)
    at_200, body = count_queries(client, url)
    assert (body["count"], len(body["results"])) == (200, 50)
    assert at_200 == at_10
    assert at_10 <= MAX_API_QUERIES
