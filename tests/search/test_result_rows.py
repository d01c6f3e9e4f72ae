"""A business's search result row built from values (directory.search.
business_hits, used while no business is translated as a page) is the row the
page objects give: title, link under every language prefix, the tagline in
the visitor's language or else German (then marked with its language), the
description for search engines when there is no tagline, category and
district named in the interface language, coordinates, distance and "open
now". Titles and texts in the scripts people type; translations present,
missing, and with a description only."""

import dataclasses

import pytest

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from wagtail.models import Locale

from directory.filters import BusinessFilters
from directory.models import BusinessPage, BusinessPageTranslation
from quartier.cache import begin_request, end_request
from search import service
from search.backends.base import SearchRequest
from tests.search.conftest import make_business

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def shops(businesses, directory, places):
    p = places
    made = dict(businesses)
    made["arabic"] = make_business(
        directory,
        "مخبز الشام 🍞",
        p["baeckerei"],
        p["marxloh"],
        51.5030,
        6.7810,
        tagline="",
        search_description="Brot, Simit und Ka'ak aus dem Steinofen",
    )
    made["cyrillic"] = make_business(
        directory,
        "Хлебарница Ştefan & Söhne",
        p["baeckerei"],
        p["hochfeld"],
        51.4215,
        6.7595,
        tagline="<b>Brötchen</b> ab 6 Uhr, Straße 12",
    )
    rows = [
        ("kuafor", "tr", "Erkek kuaförü, sakal tıraşı", ""),
        (
            "kuafor",
            "ar",
            "",
            "<p>حلاق رجالي</p>",
        ),  # a description only: Arabic text, German tagline
        ("baeckerei", "ar", "مخبز 🍞 طازج", ""),
        ("terzi", "ro", "Croitorie și modificări țesături", ""),
        ("cyrillic", "bg", "Хлебарница с фурна", ""),
        ("salon", "en", "", ""),  # an empty row counts as none
    ]
    for key, language, tagline, description in rows:
        BusinessPageTranslation.objects.create(
            page=made[key], language=language, tagline=tagline, description=description
        )
    return made


def rows(hits, search_request, language, *, page_objects):
    """What a visitor of `language` sees of the hits, built either way."""
    original = service.type_by_kind

    def without_rows(kind):
        page_type = original(kind)
        return dataclasses.replace(page_type, hits=None) if kind == "business" else page_type

    if page_objects:
        service.type_by_kind = without_rows
    try:
        with translation.override(language):
            begin_request()
            try:
                built = service.hydrate(hits, search_request)
            finally:
                end_request()
    finally:
        service.type_by_kind = original
    return [(hit.as_dict(), hit.text_language, hit.page_id, hit.score) for hit in built]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("near", [None, (51.4206, 6.7578)])
def test_rows_from_values_are_the_rows_of_page_objects(shops, language, near):
    # Every business, the hidden ones too (closed, paused, draft, private):
    # both ways drop those.
    hits = [("business", page.pk, float(number)) for number, page in enumerate(shops.values())]
    search_request = SearchRequest(query="brot", filters=BusinessFilters(near=near))
    from_values = rows(hits, search_request, language, page_objects=False)
    from_pages = rows(hits, search_request, language, page_objects=True)
    assert from_values == from_pages
    assert len(from_values) == len(shops) - 4
    by_id = {row[2]: row for row in from_values}
    kuafor = by_id[shops["kuafor"].pk]
    if language == "tr":
        assert kuafor[0]["summary"] == "Erkek kuaförü, sakal tıraşı"
        assert kuafor[0]["category"] == "Kuaför"
        assert kuafor[1] == ""
    if language == "ar":
        # The Arabic row has a description only: the German tagline.
        assert kuafor[0]["summary"] == "Herrenschnitt und Bartpflege"
        assert kuafor[0]["url"].startswith("/ar/")
    assert by_id[shops["arabic"].pk][0]["summary"] == "Brot, Simit und Ka'ak aus dem Steinofen"
    cyrillic = by_id[shops["cyrillic"].pk][0]["summary"]
    assert cyrillic == (
        "Хлебарница с фурна" if language == "bg" else "Brötchen ab 6 Uhr, Straße 12"
    )
    if near:
        assert all(row[0]["distance_m"] is not None for row in from_values)


@pytest.mark.parametrize("language", ["de", "tr", "ar"])
def test_a_page_of_business_results_costs_one_query_and_one_for_the_texts(
    shops, language, django_assert_num_queries
):
    hits = [("business", page.pk, 1.0) for page in shops.values()]
    search_request = SearchRequest(query="brot")
    rows(hits, search_request, language, page_objects=False)  # the cached tables, once
    with django_assert_num_queries(1 if language == "de" else 2):
        rows(hits, search_request, language, page_objects=False)


def test_a_business_aliased_into_another_tree(shops, home_page):
    """A business exists once and is never translated as a page (its texts
    per language are rows), but it may be aliased into another language's
    tree. The cached list of translated page types follows at once (the
    publication moves its generation), so results are built from page
    objects again, and they are the same rows."""
    assert service.types_with_translations() == frozenset()
    turkish = Locale.objects.get_or_create(language_code="tr")[0]
    home_page.copy_for_translation(turkish).save_revision().publish()
    directory = shops["kuafor"].get_parent().specific
    directory.copy_for_translation(turkish).save_revision().publish()
    shops["kuafor"].copy_for_translation(turkish, alias=True)
    assert ContentType.objects.get_for_model(BusinessPage).pk in service.types_with_translations()
    hits = [("business", page.pk, 1.0) for page in shops.values()]
    search_request = SearchRequest(query="kuaför")
    assert rows(hits, search_request, "tr", page_objects=False) == rows(
        hits, search_request, "tr", page_objects=True
    )
