"""The Elasticsearch backend: the client, searches and suggestions sent to
the alias, index maintenance for single pages and positions, and the full
rebuild into a fresh index swapped in by alias. Any client error becomes
BackendUnavailable, on which search.service falls back to the database."""

import dataclasses
import logging
from functools import lru_cache

from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.helpers import streaming_bulk

from django.conf import settings

from quartier.clock import local_today

from ...registry import registry
from ...synonyms import broader_terms, equivalence_rules, query_terms
from ...types import result_kinds, type_by_kind
from ...vocabulary import category_vocabulary, known_words
from ..base import BackendUnavailable, RawResults, SearchBackend, SearchRequest
from .mapping import (
    alias_name,
    document_id,
    index_body,
    new_index_name,
    position_document,
    to_document,
)
from .queries import (
    build_query,
    build_suggest_query,
    parse_response,
    term_probes,
    unmatched_terms,
)
from .synonyms import FILTER_NAME, filter_settings, publish

logger = logging.getLogger(__name__)

REQUEST_TIMEOUT = 2  # seconds: a slow cluster falls back to the database fast
# An operator's rebuild waits for a busy cluster (creating an index can take
# longer than a search may); searches keep REQUEST_TIMEOUT.
REBUILD_TIMEOUT = 60


@lru_cache(maxsize=4)
def _client(url):
    return Elasticsearch(
        url, request_timeout=REQUEST_TIMEOUT, max_retries=0, retry_on_timeout=False
    )


def get_client():
    return _client(settings.ELASTICSEARCH_URL)


def _call(method, *args, **kwargs):
    try:
        return method(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - any client error means "fall back"
        raise BackendUnavailable(f"Elasticsearch: {exc.__class__.__name__}: {exc}") from exc


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, client=None):
        self.client = client or get_client()

    def _kinds(self, request):
        kinds = request.kinds or result_kinds()
        if request.sort == "distance" or request.has_business_filters:
            kinds = tuple(
                kind for kind in kinds if getattr(type_by_kind(kind), "filterable", False)
            )
        return kinds

    def search(self, request: SearchRequest) -> RawResults:
        if not request.query.strip() and not (
            request.has_business_filters or request.filters.language
        ):
            return RawResults()
        open_texts = None
        if request.filters.open_now:
            open_texts = registry.filters.open_texts(request.when)
        kinds = self._kinds(request)
        known, broader = known_words(), broader_terms()
        terms = query_terms(request.query)
        body = build_query(request, kinds, open_texts, known, broader, terms)
        if len(terms) < 2:
            response = _call(self.client.search, index=alias_name(), body=body)
            return parse_response(dict(response))
        # Which terms match nothing by themselves, in the same round trip.
        unfiltered = dataclasses.replace(
            request, filters=registry.empty_filters(), sort="relevance"
        )
        probes = term_probes(
            terms, self._kinds(unfiltered), local_today(request.when), known, broader
        )
        searches = []
        for search_body in (body, *probes):
            searches += [{"index": alias_name()}, search_body]
        responses = dict(_call(self.client.msearch, searches=searches))["responses"]
        if "error" in responses[0]:
            raise BackendUnavailable(f"Elasticsearch: {responses[0]['error']}")
        raw = parse_response(responses[0])
        raw.unmatched = unmatched_terms(terms, responses[1:])
        return raw

    def suggest(self, prefix: str, limit: int = 8) -> list:
        if len(prefix.strip()) < 2:
            return []
        response = dict(
            _call(self.client.search, index=alias_name(), body=build_suggest_query(prefix, limit))
        )
        suggestions = [
            {
                "text": hit["_source"]["title"],
                "type": "business",
                "page_id": hit["_source"]["page_id"],
            }
            for hit in response["hits"]["hits"]
        ]
        categories = response.get("aggregations", {}).get("categories", {})
        buckets = categories.get("matching", {}).get("names", {})
        if buckets.get("buckets"):
            # Names in the active language from the cached vocabulary: no query.
            slugs = {bucket["key"] for bucket in buckets["buckets"]}
            for category in category_vocabulary():
                if category["slug"] in slugs:
                    suggestions.append(
                        {"text": category["name"], "type": "category", "category": category["slug"]}
                    )
        return suggestions[:limit]

    # --- index maintenance ---------------------------------------------------

    def index_page(self, page, page_type):
        _call(
            self.client.index,
            index=alias_name(),
            id=str(page.pk),
            document=to_document(page, page_type),
            # Searchable at once; the task worker, not the editor, waits for it.
            refresh=True,
        )

    def index_position(self, job):
        document = position_document(job)
        _call(
            self.client.index,
            index=alias_name(),
            id=document_id(document),
            document=document,
            refresh=True,
        )

    def delete_position(self, job_id):
        self.delete_page(f"job-{job_id}")

    def delete_page(self, page_id):
        """Removes a page's document (or a position's, by its "job-<id>")."""
        try:
            self.client.delete(index=alias_name(), id=str(page_id), refresh=True)
        except NotFoundError:
            return
        except Exception as exc:  # noqa: BLE001
            raise BackendUnavailable(str(exc)) from exc

    def publish_synonyms(self):
        """The team's changed synonym groups, live without a reindex."""
        return _call(publish, self.client, equivalence_rules())

    def rebuild(self, documents, progress=None, chunk_size=500):
        """Builds a fresh index, then points the alias at it in one atomic
        step and drops the old indices: search keeps working meanwhile."""
        client = self.client.options(request_timeout=REBUILD_TIMEOUT)
        alias = alias_name()
        new_index = new_index_name()
        body = index_body()
        body["settings"]["analysis"]["filter"][FILTER_NAME] = _call(
            filter_settings, client, equivalence_rules()
        )
        index_settings = {
            **body.get("settings", {}),
            "number_of_replicas": settings.ELASTICSEARCH_REPLICAS,
        }
        _call(
            client.indices.create,
            index=new_index,
            settings=index_settings,
            mappings=body.get("mappings"),
        )
        actions = (
            {"_index": new_index, "_id": document_id(doc), "_source": doc} for doc in documents
        )
        count = 0
        try:
            for ok, _item in streaming_bulk(
                client, actions, chunk_size=chunk_size, raise_on_error=False
            ):
                count += 1 if ok else 0
                if progress:
                    progress()
        except Exception as exc:  # noqa: BLE001
            raise BackendUnavailable(f"Elasticsearch bulk: {exc}") from exc
        _call(client.indices.refresh, index=new_index)
        old = []
        if _call(client.indices.exists_alias, name=alias):
            old = list(dict(_call(client.indices.get_alias, name=alias)).keys())
        elif _call(client.indices.exists, index=alias):
            # A plain index under the alias's name (e.g. from an older version).
            _call(client.indices.delete, index=alias)
        swap = [{"add": {"index": new_index, "alias": alias}}]
        swap += [{"remove": {"index": name, "alias": alias}} for name in old]
        _call(client.indices.update_aliases, actions=swap)
        for name in old:
            _call(client.indices.delete, index=name)
        return new_index, count
