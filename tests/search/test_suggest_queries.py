"""Suggestions run on every keystroke: after the first one they cost two
queries (the titles and their paths; the category vocabulary is cached per language), and a
renamed or new category is suggested at once (the cache follows the change)."""

import pytest

from tests.directory.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def suggested(client, prefix, language=""):
    response = client.get(f"{language}/api/search/suggest/", {"q": prefix})
    assert response.status_code == 200
    return [item["text"] for item in response.json()["suggestions"]]


def test_a_repeated_keystroke_costs_two_queries_at_most(
    client, businesses, django_assert_max_num_queries
):
    assert "Friseur" in suggested(client, "Kua")  # the category, by its Turkish name
    # The suggestions (FTS5 candidates), then the profiles' paths for their
    # URLs under the visitor's prefix; the category vocabulary comes from the cache.
    with django_assert_max_num_queries(2):
        texts = suggested(client, "Kuaf")
    assert texts[:1] == ["Kuaför Yıldız"]
    assert "Friseur" in texts


def test_the_vocabulary_follows_a_category_change(client, businesses, places):
    assert "Blumenladen" not in suggested(client, "Çiçek")
    CategoryFactory(
        slug="blumenladen",
        name="Blumenladen",
        name_translations={"tr": "Çiçekçi", "ar": "محل زهور"},
        keywords="Sträuße\nGestecke",
    )
    assert "Blumenladen" in suggested(client, "Çiçek")
    assert "Blumenladen" in suggested(client, "cicek")
    assert "Blumenladen" in suggested(client, "strausse")  # a keyword, folded
    friseur = places["friseur"]
    friseur.keywords = "Barbier\nHaarschnitt\nŞekillendirme"
    friseur.save()
    assert "Friseur" in suggested(client, "sekil")
