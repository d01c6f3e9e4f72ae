"""Elasticsearch unreachable or erroring: search falls back to the database
and logs a warning; publishing still works. Index maintenance sends the
right requests. Both against real sockets on 127.0.0.1."""

import json
import logging

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError

from search import service
from search.backends.elasticsearch import _client

from .conftest import TEST_INDEX_PREFIX, titles
from .fake_es import FakeElasticsearch, closed_port_url

DOCS = f"/{TEST_INDEX_PREFIX}_content/_doc/"  # the documents' paths on the node

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_clients():
    _client.cache_clear()
    yield
    _client.cache_clear()


def _assert_fell_back(result, caplog):
    assert result.backend == "database" and result.fallback
    assert "Kuaför Yıldız" in titles(result)
    assert any(
        record.levelno == logging.WARNING and "falls back" in record.getMessage()
        for record in caplog.records
    )


def test_closed_port_falls_back_to_the_database(businesses, settings, caplog):
    settings.ELASTICSEARCH_URL = closed_port_url()
    with caplog.at_level(logging.WARNING):
        _assert_fell_back(service.search_all("kuafor"), caplog)


def test_server_error_falls_back_to_the_database(businesses, settings, caplog):
    with FakeElasticsearch(status=500) as fake:
        settings.ELASTICSEARCH_URL = fake.url
        with caplog.at_level(logging.WARNING):
            _assert_fell_back(service.search_all("kuafor"), caplog)
        assert any("_search" in path for path in fake.paths())


def test_page_and_api_answer_while_elasticsearch_is_down(businesses, settings, client):
    with FakeElasticsearch(status=500) as fake:
        settings.ELASTICSEARCH_URL = fake.url
        response = client.get("/api/search/", {"q": "kuafor"})
        assert response.status_code == 200
        assert response.json()["backend"] == "database"
        assert "Kuaför Yıldız" in [row["title"] for row in response.json()["results"]]
        page = client.get("/suche/", {"q": "kuafor"})
        assert page.status_code == 200 and "Kuaför Yıldız" in page.content.decode()
        suggest = client.get("/api/search/suggest/", {"q": "kua"})
        assert suggest.status_code == 200 and suggest.json()["suggestions"]


def test_publish_still_works_when_elasticsearch_is_unreachable(businesses, settings, caplog):
    settings.ELASTICSEARCH_URL = closed_port_url()
    page = businesses["salon"]
    page.title = "Salon Haarscharf Neu"
    with caplog.at_level(logging.WARNING):
        page.save_revision().publish()
    assert any("not updated" in record.getMessage() for record in caplog.records)
    settings.ELASTICSEARCH_URL = None
    assert "Salon Haarscharf Neu" in titles(service.search_all("haarscharf"))


def test_publish_unpublish_delete_and_move_reach_the_index(businesses, settings, directory):
    settings.ELASTICSEARCH_INDEX_PREFIX = TEST_INDEX_PREFIX
    with FakeElasticsearch() as fake:
        settings.ELASTICSEARCH_URL = fake.url
        page = businesses["baeckerei"]
        page.save_revision().publish()
        doc_path = f"{DOCS}{page.pk}"
        indexed = [body for verb, path, body in fake.requests if path.startswith(doc_path)]
        assert indexed
        document = json.loads(indexed[-1])
        assert document["title"] == "Bäckerei Müller" and document["kind"] == "business"
        assert document["category"] == "baeckerei" and document["languages"] == ["ar"]
        assert document["location"] == {"lat": 51.4207, "lon": 6.7579}

        fake.requests.clear()
        page.unpublish()
        assert any(path.startswith(doc_path) for path in fake.paths("DELETE"))

        fake.requests.clear()
        other = businesses["handy"]
        other.move(directory, pos="first-child")
        assert any(path.startswith(f"{DOCS}{other.pk}") for path in fake.paths("PUT"))

        fake.requests.clear()
        pk = other.pk
        other.delete()
        assert any(path.startswith(f"{DOCS}{pk}") for path in fake.paths("DELETE"))


def test_closed_business_is_removed_from_the_index(businesses, settings):
    settings.ELASTICSEARCH_INDEX_PREFIX = TEST_INDEX_PREFIX
    with FakeElasticsearch() as fake:
        settings.ELASTICSEARCH_URL = fake.url
        page = businesses["kuafor"]
        page.status = page.Status.CLOSED
        page.save_revision().publish()
        assert any(path.startswith(f"{DOCS}{page.pk}") for path in fake.paths("DELETE"))


def test_rebuild_without_elasticsearch(businesses, settings, capsys):
    from search.models import SearchText

    settings.ELASTICSEARCH_URL = None
    SearchText.objects.all().delete()
    # "mueller" is found only through the folded text table, not Wagtail's index.
    assert titles(service.search_all("mueller")) == []
    call_command("rebuild_search_index", "--no-progress")
    out = capsys.readouterr().out
    assert "no Elasticsearch index to rebuild" in out
    assert titles(service.search_all("mueller")) == ["Bäckerei Müller"]


def test_rebuild_swaps_the_alias(businesses, settings, capsys):
    settings.ELASTICSEARCH_INDEX_PREFIX = TEST_INDEX_PREFIX
    with FakeElasticsearch() as fake:
        settings.ELASTICSEARCH_URL = fake.url
        call_command("rebuild_search_index", "--no-progress", "--skip-wagtail")
    new_index = f"/{TEST_INDEX_PREFIX}_content_"
    created = [path for path in fake.paths("PUT") if path.startswith(new_index)]
    assert created, fake.requests
    bulk = [body for verb, path, body in fake.requests if path.endswith("_bulk")]
    assert bulk and b"Kuaf" in b"".join(bulk)
    aliases = [body for verb, path, body in fake.requests if path.startswith("/_aliases")]
    alias = f'"alias":"{TEST_INDEX_PREFIX}_content"'.encode()
    assert aliases and alias in aliases[0].replace(b" ", b"")


def test_rebuild_reports_an_unreachable_elasticsearch(businesses, settings):
    settings.ELASTICSEARCH_URL = closed_port_url()
    with pytest.raises(CommandError, match="could not be rebuilt"):
        call_command("rebuild_search_index", "--no-progress", "--skip-wagtail")


def test_text_table_holds_only_the_source_language_tree(businesses, settings):
    """Search looks in the German tree (results link to the visitor's language);
    a business has one page, whatever the languages of its texts."""
    from wagtail.models import Page

    from search.models import SearchText

    settings.ELASTICSEARCH_URL = None
    business = businesses["kuafor"]
    translations = Page.objects.filter(translation_key=business.translation_key)
    assert translations.count() == 1
    business.tagline = "Jetzt auch sonntags"
    business.save_revision().publish()
    assert list(
        SearchText.objects.filter(page__in=translations).values_list("page_id", flat=True)
    ) == [business.pk]
    call_command("rebuild_search_index", "--no-progress", "--skip-wagtail")
    assert not SearchText.objects.exclude(page__locale__language_code="de").exists()
    assert SearchText.objects.filter(page=business).exists()
    found = titles(service.search_all("kuafor"))
    assert found[0] == "Kuaför Yıldız" and len(found) == len(set(found))


def test_a_failing_search_of_several_words_falls_back_with_its_probes(businesses, settings, caplog):
    with FakeElasticsearch(status=500) as fake:
        settings.ELASTICSEARCH_URL = fake.url
        with caplog.at_level(logging.WARNING):
            result = service.search_all("kuafor preiswert")
        _assert_fell_back(result, caplog)
        assert any("_msearch" in path for path in fake.paths())
    # The database says which word it left out.
    assert result.left_out == ["preiswert"]


def test_an_error_inside_the_multi_search_answer_falls_back(businesses, settings, caplog):
    failed = {"error": {"type": "search_phase_execution_exception"}, "status": 500}
    with FakeElasticsearch(body={"took": 1, "responses": [failed, failed]}) as fake:
        settings.ELASTICSEARCH_URL = fake.url
        with caplog.at_level(logging.WARNING):
            _assert_fell_back(service.search_all("kuafor herrenschnitt"), caplog)
        assert any("_msearch" in path for path in fake.paths())
