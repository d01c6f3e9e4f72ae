"""Choosing a campaign's participants: checkboxes sorted by name, each with its
district and category for the chooser's filters, not a multi-select in id order."""

import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..directory.factories import (
    BusinessPageFactory,
    CategoryFactory,
    DirectoryIndexPageFactory,
    DistrictFactory,
    coordinator,
)
from .factories import CampaignPageFactory, EventIndexPageFactory


@pytest.fixture
def campaign(home_page):
    directory = DirectoryIndexPageFactory(parent=home_page)
    marxloh = DistrictFactory(slug="marxloh", name="Marxloh")
    hochfeld = DistrictFactory(slug="hochfeld", name="Hochfeld")
    bridal = CategoryFactory(slug="brautmode", name="Brautmode")
    bakery = CategoryFactory(slug="baeckerei", name="Bäckerei")
    for title, district, category in [
        ("Şahin Gelinlik", marxloh, bridal),
        ("Ärztehaus Nord", hochfeld, bakery),
        ("Bäckerei Ümit", hochfeld, bakery),
        ("Ангел Булчинска мода", marxloh, bridal),
    ]:
        BusinessPageFactory(parent=directory, title=title, district=district, category=category)
    return CampaignPageFactory(parent=EventIndexPageFactory(parent=home_page), title="Hochzeit")


def chooser_options(html):
    return re.findall(
        r'<input type="checkbox" name="participating_businesses" value="(\d+)"[^>]*'
        r'data-district="(\d+)" data-category="(\d+)"[^>]*>\s*([^<]+?)\s*</label>',
        html,
    )


@pytest.mark.django_db
def test_participants_are_chosen_from_a_filterable_list_sorted_by_name(client, campaign):
    client.force_login(coordinator())
    html = client.get(f"/admin/pages/{campaign.pk}/edit/").text
    assert "<select multiple" not in html and 'name="participating_businesses" multiple' not in html
    assert "data-business-chooser-search" in html
    assert re.search(r'<select id="[^"]*-district" data-business-chooser-district>', html)
    assert "js/business-chooser.js" in html
    options = chooser_options(html)
    titles = [title for _pk, _district, _category, title in options]
    assert titles == sorted(titles, key=str.casefold)
    assert set(titles) == {
        "Şahin Gelinlik",
        "Ärztehaus Nord",
        "Bäckerei Ümit",
        "Ангел Булчинска мода",
    }


@pytest.mark.django_db
def test_the_chooser_costs_the_same_queries_for_many_businesses(client, campaign, home_page):
    client.force_login(coordinator())
    url = f"/admin/pages/{campaign.pk}/edit/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    directory = DirectoryIndexPageFactory(parent=home_page, slug="mehr")
    for number in range(30):
        BusinessPageFactory(parent=directory, title=f"Laden {number}")
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).text
    assert len(chooser_options(html)) == 34
    assert len(many) == len(few)
