"""The one search service behind the search page, the JSON API and the map:
`search_all` / `search_businesses` / `suggest`. Elasticsearch answers when
ELASTICSEARCH_URL is set; if it is unreachable or errors, the database
backend answers instead and a warning is logged."""

import dataclasses
import logging
import math
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse
from django.utils.http import urlencode

from wagtail.models import Page

from quartier.cache import REFERENCE_SECONDS, REFERENCES
from quartier.clock import local_today
from quartier.i18n import (
    default_content_language,
    localized_all,
    localized_home_child,
    types_with_translations,
    untranslated_language,
    visitor_language,
)
from quartier.page_urls import site_root_paths, url, url_parts

from . import streets
from .backends.base import PAGE_SIZE, BackendUnavailable, SearchRequest
from .backends.database import DatabaseBackend
from .backends.elasticsearch import ElasticsearchBackend
from .cache import cached_search
from .folding import as_typed, tokenize
from .registry import registry
from .synonyms import query_terms
from .types import position_type, private_q, type_by_kind
from .vocabulary import corrections

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
SORTS = ("relevance", "distance")


@dataclass
class SearchHit:
    type: str
    type_label: str
    title: str
    url: str
    summary: str = ""
    category: str = ""
    category_slug: str = ""
    district: str = ""
    district_slug: str = ""
    business: str = ""  # positions: the business that offers it
    distance_m: int | None = None
    open_now: bool | None = None
    latitude: float | None = None
    longitude: float | None = None
    score: float = 0
    page_id: int | None = None  # the page's (or position's) id
    # The language of title and summary when shown in fallback (not the
    # interface language), for their lang attribute; else "".
    text_language: str = ""
    # Street searches (search.streets): the street's name, and whether the
    # business is on it (else distance_m is its distance to the street).
    street: str = ""
    on_street: bool = False

    def as_dict(self):
        row = {
            "title": self.title,
            "url": self.url,
            "type": self.type,
            "type_label": str(self.type_label),
            "summary": self.summary,
            "category": self.category,
            "category_slug": self.category_slug,
            "district": self.district,
            "district_slug": self.district_slug,
            "business": self.business,
            "distance_m": self.distance_m,
            "open_now": self.open_now,
            "latitude": self.latitude,
            "longitude": self.longitude,
        }
        if self.street:
            row["street"] = {"name": self.street, "on_street": self.on_street}
        return row


@dataclass
class SearchResult:
    query: str = ""
    count: int = 0
    page: int = 1
    per_page: int = PAGE_SIZE
    results: list = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    backend: str = "database"
    fallback: bool = False
    did_you_mean: str = ""
    # The words left out because they match nothing ("friseur preiswert"
    # when no text has "preiswert"), as typed: the page says "Ohne: preiswert".
    left_out: list = field(default_factory=list)
    # A street search: {"name": "Weseler Straße", "house_number": 12 | None, "words": "…"}
    street: dict | None = None

    @property
    def num_pages(self):
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def has_next(self):
        return self.page < self.num_pages

    @property
    def has_previous(self):
        return self.page > 1


def get_backend():
    if getattr(settings, "ELASTICSEARCH_URL", None):
        return ElasticsearchBackend()
    return DatabaseBackend()


def _with_fallback(call):
    """(answer, backend name, fell back?)."""
    backend = get_backend()
    if isinstance(backend, DatabaseBackend):
        return call(backend), backend.name, False
    try:
        return call(backend), backend.name, False
    except BackendUnavailable as exc:
        logger.warning("Search falls back to the database backend: %s", exc)
        database = DatabaseBackend()
        return call(database), database.name, True


def search_all(
    query="",
    filters=None,
    page=1,
    kinds=(),
    sort="relevance",
    per_page=PAGE_SIZE,
    when=None,
    request=None,
):
    """Searches every available page type (or `kinds`), best first."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    search_request = SearchRequest(
        query=query,
        filters=filters or registry.empty_filters(),
        kinds=tuple(kinds or ()),
        sort=sort if sort in SORTS else "relevance",
        page=max(1, int(page)),
        per_page=per_page,
        when=when,
    )
    street = _named_street(search_request)
    if street is not None:
        return street_search(street, search_request, request)
    raw, backend_name, fallback, left_out = _search_words(search_request)
    results = hydrate(raw.hits, search_request, request)
    result = SearchResult(
        query=query,
        count=raw.total,
        page=search_request.page,
        per_page=per_page,
        results=results,
        facets=facet_rows(raw.facets),
        backend=backend_name,
        fallback=fallback,
        left_out=left_out,
    )
    if query and not raw.total:
        result.did_you_mean = did_you_mean(query)
    return result


def _search_words(search_request):
    """(raw results, backend name, fell back?, words left out). A term of the
    query that matches nothing in the index by itself (not as typed, as a
    synonym, fuzzily or as a compound's parts; the backend says which:
    RawResults.unmatched) does not restrict the answer: the other terms are
    searched without it, and it is named as left out. When no term matches,
    the empty answer stays (search.empty gives the spelling tip)."""
    raw, backend_name, fallback = _with_fallback(
        lambda backend: cached_search(backend, search_request)
    )
    if not raw.unmatched:
        return raw, backend_name, fallback, []
    terms = query_terms(search_request.query)
    unmatched = [term for term in terms if term in raw.unmatched]
    if not unmatched or len(unmatched) == len(terms):
        return raw, backend_name, fallback, []
    kept = dataclasses.replace(
        search_request, query=" ".join(term for term in terms if term not in unmatched)
    )
    raw, backend_name, fallback = _with_fallback(lambda backend: cached_search(backend, kept))
    return raw, backend_name, fallback, as_typed(search_request.query, unmatched)


def _named_street(search_request):
    """The street the query names (search.streets), when a street search
    applies: sorted by relevance, near no other place, businesses searched."""
    business = registry.filterable_type().kind
    if not search_request.query or search_request.sort != "relevance":
        return None
    if search_request.filters.near or (
        search_request.kinds and business not in search_request.kinds
    ):
        return None
    return streets.find_street(search_request.query)


def street_search(street, search_request, request=None):
    """Businesses on `street` first, then the nearest ones (search.streets).
    The other words of the query ("friseur weseler straße") are searched by
    the backend like any query; without them, every business the filters
    allow is ranked by its distance to the street."""
    business = registry.filterable_type().kind
    backend_name, fallback = get_backend().name, False
    candidates = None
    if street.words:
        words_request = dataclasses.replace(
            search_request,
            query=street.words,
            kinds=(business,),
            page=1,
            per_page=streets.MAX_CANDIDATES,
        )
        raw, backend_name, fallback = _with_fallback(
            lambda backend: cached_search(backend, words_request)
        )
        candidates = {page_id: score for _kind, page_id, score in raw.hits}
    elif search_request.filters.active:
        allowed = search_request.filters.restrict(
            registry.filterable_type().base(), search_request.when
        )
        candidates = dict.fromkeys(allowed.order_by().values_list("pk", flat=True), 0)
    rows = streets.ranked(street, candidates)
    start = search_request.offset
    page_rows = rows[start : start + search_request.per_page]
    hits = [(business, page_id, 0) for page_id, _metres, _on in page_rows]
    results = hydrate(hits, search_request, request)
    by_id = {page_id: (metres, on) for page_id, metres, on in page_rows}
    for hit in results:
        hit.distance_m, hit.on_street = by_id[hit.page_id]
        hit.street = street.name
    return SearchResult(
        query=search_request.query,
        count=len(rows),
        page=search_request.page,
        per_page=search_request.per_page,
        results=results,
        facets=facet_rows(streets.facets(rows)),
        backend=backend_name,
        fallback=fallback,
        street={
            "name": street.name,
            "house_number": street.house_number,
            "words": street.words,
        },
    )


def search_businesses(query="", filters=None, page=1, **kwargs):
    return search_all(query, filters, page, kinds=("business",), **kwargs)


def search_counts(query, filters, kinds=(), per_page=1, when=None):
    """(count, facet rows, business page ids of the first `per_page`) of a
    search, without building its result rows (search.empty)."""
    search_request = SearchRequest(
        query=(query or "")[:MAX_QUERY_LENGTH],
        filters=filters,
        kinds=tuple(kinds or ()),
        per_page=per_page,
        when=when,
    )
    street = _named_street(search_request)
    if street is not None:
        result = street_search(street, search_request)
        return result.count, result.facets, [hit.page_id for hit in result.results]
    raw, _backend, _fallback, _left_out = _search_words(search_request)
    business = registry.filterable_type().kind
    ids = [page_id for kind, page_id, _score in raw.hits if kind == business]
    return raw.total, facet_rows(raw.facets), ids


def matching_business_keys(query, limit=5000):
    """Translation keys of the businesses that match `query`, for callers that
    filter their own queryset (the map, the GeoJSON API) in any language tree.
    Same backends, folding, synonyms and fallback as the search page."""
    search_request = SearchRequest(
        query=(query or "")[:MAX_QUERY_LENGTH], kinds=("business",), per_page=limit
    )
    raw, _backend, _fallback, _left_out = _search_words(search_request)
    page_ids = [page_id for _kind, page_id, _score in raw.hits]
    return Page.objects.filter(pk__in=page_ids).values_list("translation_key", flat=True)


def suggest(prefix, limit=8):
    """Suggestions for what was typed so far, in the interface language:
    business names with their profile's URL under the visitor's prefix,
    categories by their translated name with a link to the filtered search."""
    prefix = (prefix or "")[:MAX_QUERY_LENGTH]
    suggestions, _backend, _fallback = _with_fallback(lambda b: b.suggest(prefix, limit))
    return localized_suggestions(suggestions)


def localized_suggestions(suggestions):
    """The backends' suggestions ({"text", "type", "page_id" | "category"})
    with the URL in the interface language; one query for the businesses, and
    a business no longer visible is dropped."""
    ids = [item["page_id"] for item in suggestions if item["type"] == "business"]
    paths = {}
    if ids:
        # Only the paths: a suggestion is typed on every keystroke, and eight
        # page objects (and the Site looked up for get_url) cost more than
        # the search itself. Visible pages are pages of the source tree.
        visible = registry.filterable_type().base().filter(pk__in=ids)
        visible = visible.prefetch_related(None).order_by()
        source, language = default_content_language(), visitor_language()
        roots = site_root_paths()
        for page_id, url_path in visible.values_list("pk", "url_path"):
            parts = url_parts(url_path, source, language, roots)
            if parts is not None:
                paths[page_id] = parts[2]
    search_url = reverse("search")
    localized = []
    for item in suggestions:
        if item["type"] == "business":
            path = paths.get(item["page_id"])
            if path is None:
                continue
            item = {"text": item["text"], "type": "business", "url": path}
        elif item.get("category"):
            item = {**item, "url": f"{search_url}?{urlencode({'category': item['category']})}"}
        localized.append(item)
    return localized


def hydrate(hits, search_request, request=None):
    """Result rows for (kind, page_id, score) hits, in hit order; pages that
    are no longer visible are dropped. One or two queries per type: a type
    that builds its rows from values (PageType.hits, the businesses) does so
    while none of its pages is translated as a page; else page objects."""
    by_kind = {}
    for kind, page_id, _score in hits:
        by_kind.setdefault(kind, []).append(page_id)
    positions = _positions(by_kind.pop(position_type().kind, []), search_request, request)
    pages = {}
    built = {}  # (kind, pk): SearchHit of the types that build their rows (PageType.hits)
    private = private_q() if by_kind else None
    language = visitor_language()
    # In German every page is its own original; elsewhere a type's rows are
    # built from values while none of its pages is translated as a page.
    translated = (
        types_with_translations() if by_kind and language != default_content_language() else ()
    )
    for kind, ids in by_kind.items():
        page_type = type_by_kind(kind)
        if page_type is None:
            continue
        model_type = ContentType.objects.get_for_model(page_type.model).pk
        if page_type.hits is not None and model_type not in translated:
            for pk, hit in page_type.hits(ids, private, search_request).items():
                built[(kind, pk)] = hit
            continue
        # In hit order below: no ORDER BY (Wagtail's tree path) to build or sort by.
        for page in page_type.visible(private).filter(pk__in=ids).order_by():
            pages[(kind, page.pk)] = page
    localized = localized_all(pages.values(), language)
    rows = []
    for kind, page_id, score in hits:
        if kind == position_type().kind:
            if page_id in positions:
                positions[page_id].score = score
                rows.append(positions[page_id])
            continue
        if (kind, page_id) in built:
            hit = built[(kind, page_id)]
            hit.score = score
            rows.append(hit)
            continue
        page = pages.get((kind, page_id))
        if page is None:
            continue
        page_type = type_by_kind(kind)
        hit = SearchHit(
            type=kind,
            type_label=page_type.label,
            title=localized[page.pk].title,
            url=url(localized[page.pk], language) or "",
            summary=page_type.summary(page),
            score=score,
            page_id=page.pk,
            text_language=untranslated_language(localized[page.pk]) or "",
        )
        if page_type.hit_fields:
            page_type.hit_fields(hit, page, search_request)
        rows.append(hit)
    return rows


def _positions(ids, search_request, request=None):
    """{id: SearchHit} of the positions among `ids` that are open now, each
    linked to its page on the jobs board in the visitor's language (which
    serves every position by its id): two queries, the board and the positions."""
    if not ids:
        return {}
    positions = position_type()
    board = localized_home_child("jobs-board", positions.boards())
    if board is None:
        return {}
    today = local_today(search_request.when)
    hits = {}
    for job in positions.visible(today).filter(pk__in=ids):
        business = job.page
        hits[job.pk] = SearchHit(
            type=positions.kind,
            type_label=job.get_kind_display(),
            title=job.title,
            url=board.position_url(job, request),
            summary=job.description[:200],
            category=business.category.display_name if business.category_id else "",
            category_slug=business.category.slug if business.category_id else "",
            district=business.district.display_name if business.district_id else "",
            district_slug=business.district.slug if business.district_id else "",
            business=business.title,
            page_id=job.pk,
        )
    return hits


FACET_MODELS_KEY = "search:facet-objects"


def facet_objects():
    """{"category"|"district"|"language": {slug or code: object}}: the small
    reference tables (registered facet models) every search with facets names.
    Cached under the reference generation, which search.signals moves in
    every process when one of them changes, so a search spends no query on them."""
    key = f"{FACET_MODELS_KEY}:{REFERENCES.current()}"
    objects = cache.get(key)
    if objects is None:
        objects = {
            key: {getattr(obj, facet.key_field): obj for obj in facet.model.objects.all()}
            for key, facet in registry.facet_models.items()
        }
        cache.set(key, objects, REFERENCE_SECONDS)
    return objects


def facet_rows(facets):
    """Facet counts with display names: {"category": [{"slug", "name", "count"}], ...}."""
    rows = {"type": []}
    for kind, count in facets.get("type", {}).items():
        page_type = type_by_kind(kind)
        if page_type:
            rows["type"].append({"slug": kind, "name": str(page_type.label), "count": count})
    known = None
    for key, facet in registry.facet_models.items():
        counts = facets.get(key, {})
        rows[key] = []
        if not counts:
            continue
        known = known or facet_objects()
        for slug, count in counts.items():
            obj = known[key].get(slug)
            if obj is None:  # indexed before it was deleted
                continue
            name = facet.label(obj)
            rows[key].append({"slug": slug, "name": name, "count": count})
        rows[key].sort(key=lambda row: (-row["count"], row["name"]))
    return rows


def did_you_mean(query):
    """The query with each unknown word replaced by the closest known word
    (search.vocabulary: one edit up to 5 letters, two above), or "" if
    nothing changes."""
    changed = False
    words = []
    for token in tokenize(query):
        found = corrections(token)
        words.append(found[0] if found else token)
        changed = changed or bool(found)
    return " ".join(words) if changed else ""
