"""A food place's cuisines: on its profile in the visitor's language and in its
LocalBusiness JSON-LD as `servesCuisine`, which schema.org allows on a
FoodEstablishment only."""

import json

import pytest

from directory.models import BusinessPage, Cuisine

from ..schema_org import json_ld_blocks, vocabulary
from .factories import BusinessPageFactory, CategoryFactory, german, make_directory  # noqa: F401

pytestmark = pytest.mark.usefixtures("german")


@pytest.fixture
def lokanta(home_page):
    turkish = Cuisine.objects.create(
        slug="tuerkisch",
        name="Türkisch",
        name_translations={"tr": "Türk", "ar": "تركي", "en": "Turkish"},
        sort_order=1,
    )
    syrian = Cuisine.objects.create(
        slug="syrisch", name="Syrisch", name_translations={"ar": "سوري"}, sort_order=2
    )
    page = BusinessPageFactory(
        parent=make_directory(home_page),
        title="Lokanta Güzel – لوكانتا",
        category=CategoryFactory(slug="gastronomie", name="Restaurant", schema_type="Restaurant"),
    )
    page.cuisines = [turkish, syrian]
    page.save_revision().publish()
    return BusinessPage.objects.get(pk=page.pk)


def business_node(client, url):
    response = client.get(url)
    assert response.status_code == 200
    (data,) = json_ld_blocks(response.text)
    return response.text, data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "cuisines", "shown"),
    [
        ("", ["Türkisch", "Syrisch"], "<dt>Küche</dt><dd>Türkisch, Syrisch</dd>"),
        (
            "/tr",
            ["Türk", "Syrisch"],
            '<dt>Mutfak</dt><dd>Türk, <span lang="de" dir="ltr">Syrisch</span></dd>',
        ),
        ("/ar", ["تركي", "سوري"], "<dt>المطبخ</dt><dd>تركي, سوري</dd>"),
    ],
)
def test_a_restaurant_serves_its_cuisines_in_the_visitors_language(
    client, lokanta, prefix, cuisines, shown
):
    text, data = business_node(client, f"{prefix}{lokanta.url}")
    assert data["@type"] == "Restaurant"
    assert data["servesCuisine"] == cuisines
    assert shown in text
    assert vocabulary().problems(data) == []


@pytest.mark.django_db
def test_a_business_that_is_no_food_place_has_no_cuisine(client, lokanta):
    lokanta.category.schema_type = "HairSalon"
    lokanta.category.save()
    text, data = business_node(client, lokanta.url)
    assert data["@type"] == "HairSalon"
    assert "servesCuisine" not in data
    assert "<dt>Küche</dt>" not in text
    assert lokanta.cuisines.count() == 2  # kept, should the category change back
    assert vocabulary().problems(data) == []
    # Were it given, the vocabulary would refuse it.
    assert vocabulary().problems({**data, "servesCuisine": ["Türkisch"]}) == [
        "$.servesCuisine: not a property of HairSalon"
    ]


@pytest.mark.django_db
def test_a_food_place_without_cuisines_names_none(client, lokanta):
    lokanta.cuisines = []
    lokanta.save_revision().publish()
    text, data = business_node(client, lokanta.url)
    assert "servesCuisine" not in data
    assert "<dt>Küche</dt>" not in text
    json.dumps(data)  # still plain JSON
