from decimal import Decimal

import pytest

from django.utils import timezone

from blog.models import WorkshopPage

from .factories import EventIndexPageFactory, WorkshopPageFactory


def new_workshop(**fields):
    return WorkshopPage(
        title="Kurs",
        slug="kurs",
        venue_name="Treff",
        venue_street="Weseler Straße",
        venue_house_number="60",
        venue_postcode="47169",
        venue_city="Duisburg",
        registration_deadline=timezone.now(),
        **fields,
    )


@pytest.mark.django_db
def test_venue_without_coordinates_is_geocoded(nominatim):
    nominatim["places"]["Weseler Straße 60"] = (51.5018, 6.7792)
    workshop = new_workshop()
    workshop.clean()
    assert workshop.venue_latitude == Decimal("51.501800")
    assert workshop.venue_longitude == Decimal("6.779200")
    assert nominatim["queries"] == ["Weseler Straße 60, 47169 Duisburg, Deutschland"]


@pytest.mark.django_db
def test_given_coordinates_are_kept_and_nothing_asked(nominatim):
    workshop = new_workshop(venue_latitude=Decimal("51.5"), venue_longitude=Decimal("6.78"))
    workshop.clean()
    assert workshop.venue_latitude == Decimal("51.5")
    assert nominatim["queries"] == []


@pytest.mark.django_db
def test_changed_address_replaces_the_stale_point(nominatim, home_page):
    nominatim["places"]["Wanheimer Straße 5"] = (51.4195, 6.7601)
    workshop = WorkshopPageFactory(parent=EventIndexPageFactory(parent=home_page))
    workshop.venue_house_number = "5"
    workshop.clean()
    assert workshop.venue_latitude == Decimal("51.419500")
    # Unchanged address: not asked again.
    nominatim["queries"].clear()
    WorkshopPage.objects.get(pk=workshop.pk).clean()
    assert nominatim["queries"] == []


@pytest.mark.django_db
def test_unknown_address_or_no_geocoder_never_blocks(settings):
    settings.GEOCODER = "none"
    workshop = new_workshop()
    workshop.clean()
    assert workshop.venue_latitude is None
