"""Elasticsearch backend: one index family ("<prefix>_content", an alias to a
timestamped index) holding businesses, workshops, campaigns, news and open
positions (kind "job", whose `page_id` is the position's id).

The mapping and the queries are plain functions returning dicts, so they are
tested without a server; `ElasticsearchBackend` only sends them."""

import datetime
import logging
import secrets
from functools import lru_cache

from elasticsearch import Elasticsearch, NotFoundError
from elasticsearch.dsl import (
    Boolean,
    Date,
    Document,
    GeoPoint,
    Integer,
    Keyword,
    Text,
    analyzer,
    char_filter,
    token_filter,
    tokenizer,
)
from elasticsearch.helpers import streaming_bulk

from django.conf import settings

from quartier.clock import local_today

from ..folding import STOPWORDS, compound_parts, fold, read_compound_words, read_synonym_rules
from ..registry import registry
from ..types import document_text, position_type, result_kinds, type_by_kind
from .base import BackendUnavailable, RawResults, SearchBackend, SearchRequest

logger = logging.getLogger(__name__)

REQUEST_TIMEOUT = 2  # seconds: a slow cluster falls back to the database fast
# An operator's rebuild waits for a busy cluster (creating an index can take
# longer than a search may); searches keep REQUEST_TIMEOUT.
REBUILD_TIMEOUT = 60
FACET_SIZE = 50
FUZZY_FIELDS = ["title^4", "vocabulary^3", "body"]
NGRAM_FIELDS = ["title.parts^2", "vocabulary.parts"]

# --- Analysis ------------------------------------------------------------------
# The database backend's stop words (folded, six languages), not "_german_": that
# list is meant for unfolded text, and after folding it removed content words
# such as "ändern" ("andern", a form of "andere").
stop_words = token_filter("quartier_stop", "stop", stopwords=sorted(STOPWORDS))
german_stemmer = token_filter("quartier_german_stemmer", "stemmer", language="light_german")
folding = token_filter("quartier_folding", "asciifolding", preserve_original=False)
# Turkish dotless i and ß are folded by asciifolding/german_normalization;
# this maps the letters those filters leave alone the same way folding.py does.
special_letters = char_filter(
    "quartier_special_letters", "mapping", mappings=["ı => i", "İ => i", "ẞ => ss"]
)


def synonym_filter(rules=None):
    """Synonyms inline, so the file need not exist on the Elasticsearch nodes."""
    return token_filter(
        "quartier_synonyms",
        "synonym_graph",
        synonyms=list(rules if rules is not None else read_synonym_rules()),
        lenient=True,
    )


def decompounder(words=None):
    return token_filter(
        "quartier_decompounder",
        "dictionary_decompounder",
        word_list=list(words if words is not None else read_compound_words()),
        min_subword_size=3,
        only_longest_match=False,
    )


ngram_tokenizer = tokenizer(
    "quartier_ngram", "ngram", min_gram=3, max_gram=4, token_chars=["letter", "digit"]
)
# Suggestions as you type: every word indexed with its prefixes of 2-15 letters.
word_prefixes = token_filter("quartier_prefixes", "edge_ngram", min_gram=2, max_gram=15)


def analyzers(rules=None, words=None):
    index_analyzer = analyzer(
        "quartier_index",
        tokenizer="standard",
        char_filter=[special_letters],
        filter=[
            "lowercase",
            "german_normalization",
            folding,
            decompounder(words),
            stop_words,
            german_stemmer,
        ],
    )
    search_analyzer = analyzer(
        "quartier_search",
        tokenizer="standard",
        char_filter=[special_letters],
        filter=[
            "lowercase",
            "german_normalization",
            folding,
            # Synonyms before the stop words: rules such as "rochie de mireasă" keep
            # their words (a rule with a removed word would be dropped as a whole).
            synonym_filter(rules),
            stop_words,
            german_stemmer,
        ],
    )
    # Fuzzy queries cannot run through a synonym graph; this is the same chain without it.
    fuzzy_analyzer = analyzer(
        "quartier_fuzzy",
        tokenizer="standard",
        char_filter=[special_letters],
        filter=["lowercase", "german_normalization", folding, stop_words, german_stemmer],
    )
    ngram_analyzer = analyzer(
        "quartier_ngram",
        tokenizer=ngram_tokenizer,
        char_filter=[special_letters],
        filter=["lowercase", "german_normalization", folding],
    )
    prefix_analyzer = analyzer(
        "quartier_prefix",
        tokenizer="standard",
        char_filter=[special_letters],
        filter=["lowercase", "german_normalization", folding, word_prefixes],
    )
    typed_analyzer = analyzer(
        "quartier_typed",
        tokenizer="standard",
        char_filter=[special_letters],
        filter=["lowercase", "german_normalization", folding],
    )
    return (
        index_analyzer,
        search_analyzer,
        fuzzy_analyzer,
        ngram_analyzer,
        prefix_analyzer,
        typed_analyzer,
    )


(
    INDEX_ANALYZER,
    SEARCH_ANALYZER,
    FUZZY_ANALYZER,
    NGRAM_ANALYZER,
    PREFIX_ANALYZER,
    TYPED_ANALYZER,
) = analyzers()


def _suggest_field():
    """Word prefixes, searched with what was typed so far (no stemming, no synonyms)."""
    return Text(analyzer=PREFIX_ANALYZER, search_analyzer=TYPED_ANALYZER)


def _text(**kwargs):
    return Text(
        analyzer=INDEX_ANALYZER,
        search_analyzer=SEARCH_ANALYZER,
        fields={"parts": Text(analyzer=NGRAM_ANALYZER)},
        **kwargs,
    )


class ContentDocument(Document):
    kind = Keyword()
    page_id = Integer()
    url = Keyword(index=False)
    title = Text(
        analyzer=INDEX_ANALYZER,
        search_analyzer=SEARCH_ANALYZER,
        fields={
            "parts": Text(analyzer=NGRAM_ANALYZER),
            "raw": Keyword(normalizer="lowercase"),
            "suggest": _suggest_field(),
        },
    )
    vocabulary = _text()
    body = _text()
    category = Keyword()
    category_name = Keyword(fields={"suggest": _suggest_field()})
    district = Keyword()
    languages = Keyword()
    campaigns = Keyword()
    wheelchair = Keyword()
    # The exact opening-hours text: "open now" filters on the texts open at that
    # moment (each distinct text evaluated once), not on thousands of ids.
    opening_hours = Keyword(index=True, doc_values=False)
    location = GeoPoint()
    # Positions: filtered when the query runs, so that one past its end date
    # or marked filled is gone at once.
    valid_until = Date()
    filled = Boolean()

    class Index:
        name = "quartier_content"
        settings = {"number_of_shards": 1, "number_of_replicas": 0, "max_ngram_diff": 1}


def alias_name():
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}_content"


def new_index_name(now=None):
    stamp = (now or datetime.datetime.now(datetime.UTC)).strftime("%Y%m%d%H%M%S%f")
    # The suffix keeps two rebuilds apart when the clock stands still (tests).
    return f"{alias_name()}_{stamp}_{secrets.token_hex(3)}"


def index_body():
    """Settings and mappings of the content index, as sent to Elasticsearch."""
    index = ContentDocument._index.clone(name=alias_name())
    # Analyzers that only queries name (no field uses them) must be declared too.
    index.analyzer(FUZZY_ANALYZER)
    return index.to_dict()


# --- Documents -----------------------------------------------------------------


def to_document(page, page_type):
    """The Elasticsearch document of a visible page: its text, and the facet
    and filter fields its type declares (PageType.document_fields)."""
    title, vocabulary, body = document_text(page, page_type)
    doc = {
        "kind": page_type.kind,
        "page_id": page.pk,
        "url": page.get_url() or "",
        "title": title,
        "vocabulary": vocabulary,
        "body": body,
    }
    if page_type.document_fields:
        doc.update(page_type.document_fields(page))
    elif hasattr(page, "languages"):
        doc["languages"] = [language.code for language in page.languages.all()]
    return doc


def position_document(job):
    """The Elasticsearch document of a position (job.page with its district
    and category selected); `page_id` holds the position's id."""
    positions = position_type()
    title, vocabulary, body = positions.text(job)
    business = job.page
    return {
        "kind": positions.kind,
        "page_id": job.pk,
        "url": "",
        "title": title,
        "vocabulary": vocabulary,
        "body": body,
        "district": business.district.slug if business.district_id else None,
        "languages": [language.code for language in job.languages.all()],
        "valid_until": job.valid_until.isoformat() if job.valid_until else None,
        "filled": job.filled,
    }


def document_id(doc):
    """Pages keep their id; positions are "job-<id>" (their ids are another sequence)."""
    if doc["kind"] == "job":
        return f"job-{doc['page_id']}"
    return str(doc["page_id"])


def open_positions_filter(today):
    """Documents that are not positions, or positions open on `today` (the
    site's date): not filled and valid until today or later."""
    return {
        "bool": {
            "should": [
                {"bool": {"must_not": {"term": {"kind": "job"}}}},
                {
                    "bool": {
                        "must_not": {"term": {"filled": True}},
                        "should": [
                            {"range": {"valid_until": {"gte": today.isoformat()}}},
                            {"bool": {"must_not": {"exists": {"field": "valid_until"}}}},
                        ],
                        "minimum_should_match": 1,
                    }
                },
            ],
            "minimum_should_match": 1,
        }
    }


# --- Queries -------------------------------------------------------------------


MAX_FUZZY_WORDS = 6


def compounds_split(text):
    """The query with each compound of known words written as its parts."""
    words = []
    for word in text.split():
        words += compound_parts(fold(word)) or [word]
    return " ".join(words)


def text_query(text):
    """Every word must be found, each in any field: the name, the category's
    words or the description and address ("friseur marxloh"). Exact (with
    synonyms and stemming) ranks first; then each word with typos allowed
    ("fiseur"); then a compound's known parts, all of them ("hochzeitskleid");
    then word parts (n-grams) for what is left."""
    clauses = [
        {
            "multi_match": {
                "query": text,
                "fields": FUZZY_FIELDS,
                "type": "cross_fields",
                "operator": "and",
                # A word in the name and in the category's words ranks above one
                # only in the category's words, which every shop of it shares.
                "tie_breaker": 0.3,
                "boost": 3,
            }
        }
    ]
    words = text.split()
    if len(words) <= MAX_FUZZY_WORDS:
        clauses.append(
            {
                "bool": {
                    "must": [
                        {
                            "multi_match": {
                                "query": word,
                                "fields": FUZZY_FIELDS,
                                "analyzer": "quartier_fuzzy",
                                "fuzziness": "AUTO",
                                "prefix_length": 1,
                            }
                        }
                        for word in words
                    ]
                }
            }
        )
    split = compounds_split(text)
    if split != text:
        # A typed compound also finds its parts in other words ("hochzeitskleid":
        # "Hochzeit", "Brautkleid"), all of them, as on the database backend.
        clauses.append(
            {
                "multi_match": {
                    "query": split,
                    "fields": FUZZY_FIELDS,
                    "type": "cross_fields",
                    "operator": "and",
                }
            }
        )
    clauses.append(
        {
            "multi_match": {
                "query": text,
                "fields": NGRAM_FIELDS,
                "minimum_should_match": "75%",
                "boost": 0.5,
            }
        }
    )
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def build_query(request: SearchRequest, kinds, open_texts=None):
    """The search request body for `request` (a dict)."""
    filters = request.filters
    must = []
    if request.query.strip():
        must.append(text_query(request.query))
    else:
        must.append({"match_all": {}})
    business_filters = []
    if filters.category:
        business_filters.append({"term": {"category": filters.category.slug}})
    if filters.district:
        business_filters.append({"term": {"district": filters.district.slug}})
    if filters.campaign:
        business_filters.append({"term": {"campaigns": filters.campaign}})
    if filters.wheelchair:
        business_filters.append({"terms": {"wheelchair": ["yes", "limited"]}})
    if filters.open_now:
        business_filters.append({"terms": {"opening_hours": list(open_texts or [])}})
    filter_clauses = [{"terms": {"kind": list(kinds)}}, *business_filters]
    if "job" in kinds:
        filter_clauses.append(open_positions_filter(local_today(request.when)))
    if filters.language:
        filter_clauses.append({"term": {"languages": filters.language.code}})
    if request.sort == "distance" and filters.near:
        filter_clauses.append({"exists": {"field": "location"}})
    body = {
        "query": {"bool": {"must": must, "filter": filter_clauses}},
        "from": request.offset,
        "size": request.per_page,
        "track_total_hits": True,
        "_source": ["kind", "page_id"],
        "aggs": {
            "type": {"terms": {"field": "kind", "size": 10}},
            "business": {
                "filter": {"term": {"kind": "business"}},
                "aggs": {
                    "category": {"terms": {"field": "category", "size": FACET_SIZE}},
                    "district": {"terms": {"field": "district", "size": FACET_SIZE}},
                    "language": {"terms": {"field": "languages", "size": FACET_SIZE}},
                },
            },
        },
    }
    if request.sort == "distance" and filters.near:
        latitude, longitude = filters.near
        body["sort"] = [
            {
                "_geo_distance": {
                    "location": {"lat": latitude, "lon": longitude},
                    "order": "asc",
                    "unit": "m",
                    "distance_type": "arc",
                }
            },
            "_score",
        ]
    else:
        body["sort"] = ["_score", {"title.raw": "asc"}]
    return body


def build_suggest_query(prefix, limit=8):
    return {
        "size": limit,
        "track_total_hits": False,  # not shown; counting every prefix match costs time
        "_source": ["kind", "page_id", "title", "url"],
        "query": {
            "bool": {
                "must": {"match": {"title.suggest": {"query": prefix, "operator": "and"}}},
                "filter": [{"term": {"kind": "business"}}],
            }
        },
        "aggs": {
            "categories": {
                "filter": {
                    "match": {"category_name.suggest": {"query": prefix, "operator": "and"}}
                },
                "aggs": {"names": {"terms": {"field": "category", "size": 5}}},
            }
        },
    }


def parse_response(response):
    hits = [
        (hit["_source"]["kind"], int(hit["_source"]["page_id"]), hit.get("_score") or 0)
        for hit in response["hits"]["hits"]
    ]
    total = response["hits"]["total"]
    total = total["value"] if isinstance(total, dict) else total
    aggs = response.get("aggregations", {})

    def buckets(agg):
        return {bucket["key"]: bucket["doc_count"] for bucket in agg.get("buckets", [])}

    business = aggs.get("business", {})
    facets = {
        "type": buckets(aggs.get("type", {})),
        "category": buckets(business.get("category", {})),
        "district": buckets(business.get("district", {})),
        "language": buckets(business.get("language", {})),
    }
    return RawResults(total=total, hits=hits, facets=facets)


# --- Client --------------------------------------------------------------------


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
        body = build_query(request, self._kinds(request), open_texts)
        response = _call(self.client.search, index=alias_name(), body=body)
        return parse_response(dict(response))

    def suggest(self, prefix: str, limit: int = 8) -> list:
        if len(prefix.strip()) < 2:
            return []
        response = dict(
            _call(self.client.search, index=alias_name(), body=build_suggest_query(prefix, limit))
        )
        suggestions = [
            {"text": hit["_source"]["title"], "type": "business", "url": hit["_source"]["url"]}
            for hit in response["hits"]["hits"]
        ]
        buckets = response.get("aggregations", {}).get("categories", {}).get("names", {})
        if buckets.get("buckets"):
            slugs = [bucket["key"] for bucket in buckets["buckets"]]
            categories = registry.facet_models["category"].model.objects
            for category in categories.filter(slug__in=slugs):
                suggestions.append(
                    {"text": category.display_name, "type": "category", "category": category.slug}
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

    def rebuild(self, documents, progress=None, chunk_size=500):
        """Builds a fresh index, then points the alias at it in one atomic
        step and drops the old indices: search keeps working meanwhile."""
        client = self.client.options(request_timeout=REBUILD_TIMEOUT)
        alias = alias_name()
        new_index = new_index_name()
        body = index_body()
        _call(
            client.indices.create,
            index=new_index,
            settings=body.get("settings"),
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
