"""The map and the directory listing can show only businesses with open positions."""

import datetime

import pytest

from directory.models import MapPage

from ..clock import berlin
from ..directory.factories import BusinessPageFactory, make_directory
from .factories import BusinessJobFactory

pytestmark = pytest.mark.usefixtures("german")


def geojson_names(client, query):
    response = client.get("/api/businesses.geojson" + query)
    assert response.status_code == 200
    return sorted(feature["properties"]["name"] for feature in response.json()["features"])


@pytest.mark.clock
@pytest.mark.django_db
def test_only_businesses_with_open_positions(client, home_page, clock_at):
    clock_at(berlin(2026, 11, 25, 12, 0))
    directory = make_directory(home_page)
    hiring = BusinessPageFactory(parent=directory, title="Stellt ein")
    BusinessJobFactory(page=hiring, valid_until=datetime.date(2026, 11, 25))
    filled = BusinessPageFactory(parent=directory, title="Schon besetzt")
    BusinessJobFactory(page=filled, filled=True)
    BusinessPageFactory(parent=directory, title="Ohne Stellen")
    map_page = MapPage(title="Karte", slug="karte")
    home_page.add_child(instance=map_page)

    assert geojson_names(client, "") == ["Ohne Stellen", "Schon besetzt", "Stellt ein"]
    assert geojson_names(client, "?hiring=1") == ["Stellt ein"]
    listing = client.get(directory.url + "?hiring=1")
    assert [business.title for business in listing.context["businesses"]] == ["Stellt ein"]
    assert [chip["label"] for chip in listing.context["filter_chips"]] == ["mit offenen Stellen"]
    page = client.get("/karte/?hiring=1")
    assert page.status_code == 200
    assert 'id="map-hiring" name="hiring" value="1" checked' in page.text
    assert [feature["properties"]["name"] for feature in page.context["map_features"]] == [
        "Stellt ein"
    ]

    clock_at(berlin(2026, 11, 26, 0, 1))  # the position expired at midnight in Berlin
    assert geojson_names(client, "?hiring=1") == []
