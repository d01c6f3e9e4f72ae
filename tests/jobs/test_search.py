"""Positions make their business findable: "ausbildung friseur" or the
Turkish "çırak" finds the hairdresser that trains apprentices (database
backend; Elasticsearch indexes the same document text)."""

import pytest

from directory.models import BusinessPage
from search.models import SearchText

from ..directory.factories import BusinessPageFactory, CategoryFactory, make_directory
from .factories import BusinessJobFactory

pytestmark = pytest.mark.usefixtures("german")


def found(client, query):
    response = client.get("/api/search/", {"q": query})
    assert response.status_code == 200
    return sorted(result["title"] for result in response.json()["results"])


@pytest.fixture
def salons(home_page):
    directory = make_directory(home_page)
    friseur = CategoryFactory(slug="friseur", name="Friseur")
    training = BusinessPageFactory(parent=directory, title="Berber Kemal", category=friseur)
    BusinessJobFactory(page=training, title="Ausbildung Friseur (m/w/d)", kind="apprenticeship")
    training.save_revision().publish()
    plain = BusinessPageFactory(parent=directory, title="Salon Lale", category=friseur)
    plain.save_revision().publish()
    return training, plain


@pytest.mark.django_db
def test_positions_are_found_in_german_and_turkish(client, salons):
    assert found(client, "friseur") == ["Berber Kemal", "Salon Lale"]
    assert found(client, "ausbildung friseur") == ["Berber Kemal"]
    assert found(client, "çırak") == ["Berber Kemal"]
    assert found(client, "azubi") == ["Berber Kemal"]


@pytest.mark.django_db
def test_a_filled_position_leaves_the_search_text(client, salons):
    training, _plain = salons
    job = training.jobs.get()
    job.filled = True
    job.save()
    BusinessPage.objects.get(pk=training.pk).save_revision().publish()
    assert found(client, "çırak") == []
    assert "ausbildung" not in SearchText.objects.get(page_id=training.pk).vocabulary


@pytest.mark.django_db
def test_elasticsearch_document_carries_the_positions(salons):
    from search.backends.elasticsearch import to_document
    from search.types import type_by_kind

    training, plain = salons
    document = to_document(BusinessPage.objects.get(pk=training.pk), type_by_kind("business"))
    for word in ("Ausbildung Friseur (m/w/d)", "Ausbildungsplatz", "Azubi", "çırak", "ucenic"):
        assert word in document["vocabulary"], word
    assert "çırak" not in to_document(plain, type_by_kind("business"))["vocabulary"]
