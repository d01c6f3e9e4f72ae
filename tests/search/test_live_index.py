"""Index maintenance on the live Elasticsearch node (ELASTICSEARCH_URL, started
by `make elasticsearch` and by .ci/run): what publishing, unpublishing, moving,
deleting, closing and restricting a business does to the index itself, and
searches that keep answering while a rebuild swaps the alias. Assertions read
the index's raw hits, not the hydrated results that drop invisible pages."""

import threading
import time

import pytest

from django.core.management import call_command

from wagtail.models import PageViewRestriction

from search import service
from search.backends.base import SearchRequest
from search.backends.elasticsearch import (
    ElasticsearchBackend,
    _client,
    alias_name,
    build_query,
    get_client,
)

from .conftest import ELASTICSEARCH_URL, IN_CI, TEST_INDEX_PREFIX

pytestmark = [pytest.mark.django_db, pytest.mark.elasticsearch]


@pytest.fixture
def live(settings, businesses):
    """The businesses indexed by a full rebuild on the live node."""
    if not ELASTICSEARCH_URL:
        message = "ELASTICSEARCH_URL is not set: start a node with `make elasticsearch`"
        if IN_CI:
            pytest.fail(f"CI=true: {message}")
        pytest.skip(message)
    settings.ELASTICSEARCH_URL = ELASTICSEARCH_URL
    settings.ELASTICSEARCH_INDEX_PREFIX = f"{TEST_INDEX_PREFIX}_live"
    _client.cache_clear()
    call_command("rebuild_search_index", "--no-progress", "--skip-wagtail", verbosity=0)
    yield businesses
    _client.cache_clear()


def indexed_ids(query):
    """Page ids the index itself answers for `query`."""
    raw = ElasticsearchBackend().search(SearchRequest(query=query, per_page=100))
    return {page_id for _kind, page_id, _score in raw.hits}


def test_the_node_is_elasticsearch_8_and_passes_the_clients_product_check(live):
    """The official 8.x client checks X-Elastic-Product on every answer and
    refuses anything else (a fork, a proxy that drops the header)."""
    info = get_client().info()
    assert info["version"]["number"].startswith("8.")
    assert info["version"]["build_flavor"] == "default"
    health = get_client().cluster.health(wait_for_status="yellow", timeout="10s")
    assert health["status"] in {"green", "yellow"} and health["number_of_nodes"] == 1


def test_rebuild_indexes_exactly_the_visible_businesses(live):
    found = indexed_ids("kuaför")
    assert live["kuafor"].pk in found
    for hidden in ("closed", "paused", "draft", "private"):
        assert live[hidden].pk not in found, hidden


def test_publish_updates_the_document(live):
    page = live["salon"]
    assert page.pk not in indexed_ids("glanzvoll")
    page.title = "Salon Glanzvoll"
    page.save_revision().publish()
    assert page.pk in indexed_ids("glanzvoll")
    assert page.pk not in indexed_ids("haarscharf")
    result = service.search_all("glanzvoll")
    assert (result.backend, result.fallback) == ("elasticsearch", False)
    assert [hit.title for hit in result.results] == ["Salon Glanzvoll"]


def test_unpublish_removes_and_republish_restores(live):
    page = live["baeckerei"]
    assert page.pk in indexed_ids("müller")
    page.unpublish()
    assert page.pk not in indexed_ids("müller")
    page.refresh_from_db()
    page.save_revision().publish()
    assert page.pk in indexed_ids("müller")


def test_move_keeps_the_document_with_its_new_url(live, directory, home_page):
    from tests.directory.factories import DirectoryIndexPageFactory

    page = live["handy"]
    other = DirectoryIndexPageFactory(parent=home_page, title="Marxloh", slug="marxloh-liste")
    page.move(other, pos="last-child")
    page.refresh_from_db()
    assert page.pk in indexed_ids("handyreparatur")
    source = get_client().get(index=alias_name(), id=str(page.pk))["_source"]
    assert source["url"] == page.get_url()
    assert "/marxloh-liste/" in source["url"]


def test_delete_removes_the_document(live):
    page = live["terzi"]
    pk = page.pk
    assert pk in indexed_ids("terzi")
    page.delete()
    assert pk not in indexed_ids("terzi")


def test_closing_a_business_removes_it(live):
    page = live["kuafor"]
    page.status = page.Status.CLOSED
    page.save_revision().publish()
    assert page.pk not in indexed_ids("yildiz")


def test_restricting_a_business_removes_it_and_lifting_restores_it(live):
    page = live["kuafor"]
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert page.pk not in indexed_ids("yildiz")
    restriction.delete()
    assert page.pk in indexed_ids("yildiz")


def test_searches_keep_answering_while_a_rebuild_swaps_the_index(live):
    """A loop of searches on its own thread (the raw client, no database)
    sees no error and no empty answer across three rebuilds."""
    client = get_client()
    body = build_query(SearchRequest(query="friseur"), ("business",))
    expected = live["kuafor"].pk
    answers, problems = [], []
    stop = threading.Event()

    def search_loop():
        while not stop.is_set():
            try:
                response = client.search(index=alias_name(), body=body)
                ids = {int(hit["_source"]["page_id"]) for hit in response["hits"]["hits"]}
                answers.append(ids)
                if expected not in ids:
                    problems.append(f"answer without the business: {ids}")
            except Exception as exc:  # noqa: BLE001 - every failure is recorded
                problems.append(repr(exc))

    thread = threading.Thread(target=search_loop)
    thread.start()
    try:
        for _ in range(3):
            call_command("rebuild_search_index", "--no-progress", "--skip-wagtail", verbosity=0)
            time.sleep(0.2)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert problems == []
    assert len(answers) >= 10
    indices = client.indices.get_alias(name=alias_name())
    assert len(indices) == 1


# Committed data, as the worker sees it in production; inside a test transaction
# the worker's close_old_connections() would drop the test's own connection.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_publish_waits_for_no_index_and_the_worker_catches_up(live, settings):
    """Production settings: a publish only queues the update in the database;
    `manage.py db_worker` (its own process in production) brings it to the index."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    page = live["salon"]
    page.title = "Salon Warteschlange"
    page.save_revision().publish()
    assert page.pk not in indexed_ids("warteschlange")
    assert DBTaskResult.objects.filter(status="READY").count() >= 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert page.pk in indexed_ids("warteschlange")
    assert not DBTaskResult.objects.filter(status="READY").exists()
