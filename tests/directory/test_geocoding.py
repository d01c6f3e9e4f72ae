"""Geocoding through geopy's real Nominatim/Photon code against a server on
127.0.0.1 (see conftest.fake_geocoder)."""

import io
from decimal import Decimal

import pytest

from django.core.management import call_command

from directory import geocoding
from directory.models import BusinessPage, GeocodeCache

from .factories import BusinessPageFactory, DirectoryIndexPageFactory, DistrictFactory

pytestmark = pytest.mark.django_db

HOCHFELD = (51.4201, 6.7581)
BERLIN = (52.5200, 13.4050)


@pytest.fixture
def directory(home_page):
    return DirectoryIndexPageFactory(parent=home_page)


def new_business(directory, **fields):
    """An unsaved-to-the-map business: no coordinates yet."""
    fields.setdefault("latitude", None)
    fields.setdefault("longitude", None)
    return BusinessPageFactory(parent=directory, **fields)


def test_happy_path_uses_nominatim_and_caches(fake_geocoder):
    fake_geocoder.places["Wanheimer"] = HOCHFELD
    result = geocoding.geocode_address("Wanheimer Straße 12, 47053 Duisburg")
    assert result.latitude == Decimal("51.420100")
    assert result.longitude == Decimal("6.758100")
    path, query = fake_geocoder.requests[0]
    assert path == "/search"  # geopy's Nominatim endpoint
    assert query["countrycodes"] == ["de"]
    assert GeocodeCache.objects.get().found is True

    again = geocoding.geocode_address("  Wanheimer   Straße 12, 47053 Duisburg ")
    assert again == result
    assert len(fake_geocoder.requests) == 1  # answered from the cache


def test_empty_result_is_cached_as_not_found(fake_geocoder):
    assert geocoding.geocode_address("Nirgendwo 1, 99999 Nirgends") is None
    assert geocoding.geocode_address("Nirgendwo 1, 99999 Nirgends") is None
    assert len(fake_geocoder.requests) == 1
    assert GeocodeCache.objects.get().found is False
    # a retry may ask again
    assert geocoding.lookup("Nirgendwo 1, 99999 Nirgends", retry_not_found=True).result is None
    assert len(fake_geocoder.requests) == 2


def test_http_error_returns_none_and_is_not_cached(fake_geocoder):
    fake_geocoder.mode = "error"
    outcome = geocoding.lookup("Wanheimer Straße 1, 47053 Duisburg")
    assert outcome.result is None and outcome.error
    assert fake_geocoder.requests
    assert not GeocodeCache.objects.exists()


def test_timeout_returns_none(fake_geocoder):
    fake_geocoder.places["Wanheimer"] = HOCHFELD
    fake_geocoder.mode = "slow"
    fake_geocoder.delay = 1.5  # longer than GEOCODER_TIMEOUT = 0.5
    outcome = geocoding.lookup("Wanheimer Straße 2, 47053 Duisburg")
    assert outcome.result is None and outcome.error
    assert not GeocodeCache.objects.exists()


def test_server_down_returns_none(settings, closed_port):
    settings.GEOCODER = "nominatim"
    settings.GEOCODER_DOMAIN = f"127.0.0.1:{closed_port}"
    settings.GEOCODER_SCHEME = "http"
    settings.GEOCODER_TIMEOUT = 0.5
    settings.GEOCODER_MIN_DELAY_SECONDS = 0
    outcome = geocoding.lookup("Wanheimer Straße 3, 47053 Duisburg")
    assert outcome.result is None and outcome.error


def test_geocoder_none_never_asks(fake_geocoder, settings):
    settings.GEOCODER = "none"
    assert geocoding.geocode_address("Wanheimer Straße 4, 47053 Duisburg") is None
    assert fake_geocoder.requests == []


def test_photon_code_path(fake_geocoder, settings):
    settings.GEOCODER = "photon"
    fake_geocoder.places["Weseler"] = (51.5012, 6.7788)
    result = geocoding.geocode_address("Weseler Straße 5, 47169 Duisburg")
    assert (result.latitude, result.longitude) == (Decimal("51.501200"), Decimal("6.778800"))
    assert fake_geocoder.requests[0][0] == "/api"  # geopy's Photon endpoint


def test_geocode_business_sets_position(fake_geocoder, directory):
    fake_geocoder.places["Wanheimer"] = HOCHFELD
    page = new_business(directory)
    assert geocoding.geocode_business(page) == BusinessPage.GeocodeStatus.OK
    assert (page.latitude, page.longitude) == (Decimal("51.420100"), Decimal("6.758100"))
    assert page.location_source == BusinessPage.LocationSource.GEOCODED
    assert page.geocoded_address == page.address_line


def test_result_far_outside_district_is_flagged_not_used(fake_geocoder, directory):
    fake_geocoder.places["Wanheimer"] = BERLIN
    page = new_business(directory)
    assert geocoding.geocode_business(page) == BusinessPage.GeocodeStatus.OUTSIDE
    assert page.latitude is None and page.longitude is None


def test_failures_set_status(fake_geocoder, directory):
    page = new_business(directory)
    assert geocoding.geocode_business(page) == BusinessPage.GeocodeStatus.FAILED
    fake_geocoder.mode = "error"
    other = new_business(directory, street="Kaiser-Wilhelm-Straße")
    assert other.geocode_status == BusinessPage.GeocodeStatus.PENDING  # saving geocoded it
    assert geocoding.geocode_business(other) == BusinessPage.GeocodeStatus.PENDING
    assert other.latitude is None
    fake_geocoder.mode = "ok"
    fake_geocoder.places["Kaiser"] = HOCHFELD
    assert geocoding.geocode_business(other) == BusinessPage.GeocodeStatus.OK


def test_manual_pin_kept_until_address_changes(fake_geocoder, directory):
    fake_geocoder.places["Wanheimer"] = HOCHFELD
    fake_geocoder.places["Heerstraße"] = (51.4180, 6.7600)
    page = new_business(directory, latitude=Decimal("51.421500"), longitude=Decimal("6.759900"))
    page.location_source = BusinessPage.LocationSource.MANUAL
    page.geocoded_address = page.address_line
    assert geocoding.geocode_business(page, force=True) == BusinessPage.GeocodeStatus.OK
    assert page.latitude == Decimal("51.421500")
    assert fake_geocoder.requests == []

    page.street = "Heerstraße"
    geocoding.geocode_business(page)
    assert (page.latitude, page.longitude) == (Decimal("51.418000"), Decimal("6.760000"))
    assert page.location_source == BusinessPage.LocationSource.GEOCODED


def test_changed_address_that_fails_clears_stale_position(fake_geocoder, directory):
    page = new_business(directory, latitude=Decimal("51.421500"), longitude=Decimal("6.759900"))
    page.geocoded_address = page.address_line
    page.street = "Unbekannte Straße"
    assert geocoding.geocode_business(page) == BusinessPage.GeocodeStatus.FAILED
    assert page.latitude is None and not page.is_on_map


def test_command_retries_missing(fake_geocoder, directory, settings):
    fake_geocoder.places["Wanheimer"] = HOCHFELD
    settings.GEOCODER = "none"  # as if the geocoder had been down while editing
    missing = new_business(directory)
    placed = BusinessPageFactory(parent=directory, street="Heerstraße")
    far_district = DistrictFactory(slug="weit", centre_latitude=Decimal("52.000000"))
    far = new_business(directory, district=far_district, street="Wanheimer Str")
    assert missing.geocode_status == far.geocode_status == "pending"
    settings.GEOCODER = "nominatim"

    out = io.StringIO()
    call_command("geocode_businesses", "--only-missing", stdout=out)
    missing.refresh_from_db()
    far.refresh_from_db()
    placed.refresh_from_db()
    assert missing.geocode_status == "ok" and missing.latitude == Decimal("51.420100")
    assert far.geocode_status == "outside" and far.latitude is None
    assert placed.latitude == Decimal("51.420000")  # had a position: not asked for
    assert len(fake_geocoder.requests) == 2
    text = out.getvalue()
    assert "2/2" in text
    assert "auf der Karte: 1" in text and "außerhalb: 1" in text
