import datetime

import pytest

from directory.models import BusinessPage

from ..directory.factories import BusinessPageFactory, make_directory, shopkeeper


def published_business(home_page, **fields):
    page = BusinessPageFactory(parent=make_directory(home_page), **fields)
    page.save_revision().publish()
    return BusinessPage.objects.get(pk=page.pk)


def set_last_checked(page, day):
    BusinessPage.objects.filter(pk=page.pk).update(last_checked=day)
    page.refresh_from_db()
    return page


@pytest.fixture
def business(home_page):
    return published_business(
        home_page,
        title="Bäckerei Sonne",
        phone="0203 123 456",
        website="https://sonne.example/",
    )


@pytest.fixture
def owner(business):
    return shopkeeper(business)


@pytest.fixture
def today():
    from quartier.clock import local_today

    return local_today()


@pytest.fixture
def stale(business, today):
    """The business, last confirmed 100 days ago."""
    return set_last_checked(business, today - datetime.timedelta(days=100))
