"""Suggestions speak the interface language on both backends: names and
links in the visitor's language, and prefixes typed in Arabic or Cyrillic
complete like Latin ones."""

import pytest

from search.indexing import iter_visible_pages


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
        from search.backends.elasticsearch import ElasticsearchBackend, to_document

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
