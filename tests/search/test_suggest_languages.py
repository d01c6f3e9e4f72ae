"""Suggestions speak the interface language on both backends: names and
links in the visitor's language, and prefixes typed in Arabic or Cyrillic
complete like Latin ones."""

import pytest

from search.backends.elasticsearch import ElasticsearchBackend, to_document
from search.indexing import iter_visible_pages
from tests.search.conftest import make_business


@pytest.fixture
def indexed(backend, businesses, places):
    friseur = places["friseur"]
    friseur.name_translations = {
        **friseur.name_translations,
        "ar": "حلاق",
        "bg": "Фризьор",
    }
    friseur.save()
    if backend == "elasticsearch":
        ElasticsearchBackend().rebuild(to_document(page, t) for page, t in iter_visible_pages())
    return businesses


def suggest(client, prefix, lang):
    response = client.get("/api/search/suggest/", {"q": prefix, "lang": lang})
    assert response.status_code == 200
    return response.json()["suggestions"]


@pytest.mark.django_db
def test_turkish_suggestions_name_and_link_in_turkish(client, indexed, backend):
    suggestions = suggest(client, "kua", "tr")
    business = [item for item in suggestions if item["type"] == "business"]
    assert [(item["text"], item["url"]) for item in business] == [
        ("Kuaför Yıldız", "/tr/verzeichnis/" + indexed["kuafor"].slug + "/")
    ]
    categories = [item for item in suggestions if item["type"] == "category"]
    assert [(item["text"], item["url"]) for item in categories] == [
        ("Kuaför", "/tr/ara/?category=friseur")
    ]
    # The same letters on the German interface: German names, German links.
    german = suggest(client, "kua", "de")
    assert ("Kuaför Yıldız", "/verzeichnis/" + indexed["kuafor"].slug + "/") in [
        (item["text"], item["url"]) for item in german
    ]
    assert [item["text"] for item in german if item["type"] == "category"] == ["Friseur"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "name", "search_path"),
    [
        ("حل", "ar", "حلاق", "/ar/"),
        ("Фри", "bg", "Фризьор", "/bg/"),
        ("фриз", "bg", "Фризьор", "/bg/"),
    ],
)
def test_arabic_and_cyrillic_prefixes_suggest_the_category(
    client, indexed, backend, prefix, lang, name, search_path
):
    categories = [item for item in suggest(client, prefix, lang) if item["type"] == "category"]
    assert [item["text"] for item in categories] == [name]
    assert categories[0]["url"].startswith(search_path)
    assert categories[0]["url"].endswith("?category=friseur")


@pytest.mark.django_db
def test_a_hidden_business_is_never_suggested(client, indexed, backend):
    texts = {item["text"] for item in suggest(client, "Kuaför", "tr")}
    assert "Kuaför Yıldız" in texts
    assert not {"Kuaför Geschlossen", "Kuaför Entwurf", "Kuaför Privat"} & texts


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "prefix"),
    [("de", "/verzeichnis/"), ("tr", "/tr/verzeichnis/"), ("ar", "/ar/verzeichnis/")],
)
def test_a_keystroke_reads_only_the_suggested_profiles_paths(
    client, indexed, backend, directory, places, lang, prefix, django_assert_max_num_queries
):
    """A title as people type it, with a slug Wagtail keeps unencoded
    ("gül-çiçekçilik-ış"): linked under the visitor's prefix, percent-encoded
    once, without loading the pages (the titles query on the database, none
    on Elasticsearch, then one for the paths; categories from the cache)."""
    page = make_business(
        directory, "Gül Çiçekçilik Işıl 🌷", places["friseur"], places["marxloh"], 51.5, 6.78
    )
    page.slug = "gül-çiçekçilik-ış"
    page.save_revision().publish()
    if backend == "elasticsearch":
        ElasticsearchBackend().rebuild(to_document(p, t) for p, t in iter_visible_pages())
    suggest(client, "Gül", lang)  # warms the vocabulary and the site root paths
    with django_assert_max_num_queries(2 if backend == "database" else 1):
        suggestions = suggest(client, "gül çiç", lang)
    business = [item for item in suggestions if item["type"] == "business"]
    assert business == [
        {
            "text": "Gül Çiçekçilik Işıl 🌷",
            "type": "business",
            "url": prefix + "g%C3%BCl-%C3%A7i%C3%A7ek%C3%A7ilik-%C4%B1%C5%9F/",
        }
    ]
