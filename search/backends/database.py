"""Database backend: folded substring matching on search.models.SearchText
(umlauts, Turkish letters, compounds, light stemming, synonyms) joined with
Wagtail's database full-text search (SQLite FTS5, PostgreSQL full-text), with
facet counts from the ORM and distance sorting from the registered listing's
queryset (annotate_distance)."""

import logging

from django.conf import settings
from django.db import connection
from django.db.models import Q

from wagtail.models import Locale, Page

from quartier.clock import local_today

from ..folding import expand_query, fold, tokenize
from ..models import PositionText, SearchText
from ..registry import registry
from ..types import position_type, private_q, result_kinds, type_by_kind
from .base import RawResults, SearchBackend, SearchRequest

logger = logging.getLogger(__name__)

MIN_SUBSTRING_LENGTH = 4  # shorter terms only match whole words
FTS_LIMIT = 200
# (field, weight for the typed word, weight for a stem or synonym)
FIELD_WEIGHTS = (("title", 10, 6), ("vocabulary", 6, 4), ("body", 2, 1))


def _lookup(term):
    return term if len(term) >= MIN_SUBSTRING_LENGTH else f" {term} "


def _anywhere(term, prefix):
    condition = Q()
    for field_name, _typed, _other in FIELD_WEIGHTS:
        condition |= Q(**{f"{prefix}{field_name}__contains": _lookup(term)})
    return condition


def match_condition(groups, prefix=""):
    """Every group must match somewhere; any alternative of a group may (an
    alternative that is a tuple, the parts of a compound, with all its words).
    `prefix` reaches SearchText through a relation (e.g. "search_text__")."""
    condition = Q()
    for group in groups:
        alternatives = Q()
        for term in group:
            if isinstance(term, tuple):
                parts = Q()
                for part in term:
                    parts &= _anywhere(part, prefix)
                alternatives |= parts
            else:
                alternatives |= _anywhere(term, prefix)
        condition &= alternatives
    return condition


def score(texts, groups):
    """Relevance of one page from its folded (title, vocabulary, body): where
    each typed word, stem or synonym occurs. Computed in Python on the
    matched rows: cheaper than a large SQL CASE expression and the same on
    every database."""
    title = texts[0]
    total = 1
    for group in groups:
        for position, term in enumerate(group):
            if isinstance(term, tuple):  # parts of a compound: weighed when all occur
                found = [
                    other
                    for part in term
                    for (_field, _typed, other), text in zip(FIELD_WEIGHTS, texts, strict=True)
                    if _lookup(part) in text
                ]
                if all(any(_lookup(part) in text for text in texts) for part in term):
                    total += sum(found)
                continue
            needle = _lookup(term)
            for (_field, typed, other), text in zip(FIELD_WEIGHTS, texts, strict=True):
                if needle in text:
                    total += typed if position == 0 else other
            if position == 0 and title.startswith(f" {term}"):
                total += 8  # a title that starts with the typed word ranks first
    return total


def use_fulltext():
    """Whether to add Wagtail's database full-text search to the folded match.
    On PostgreSQL it adds German stemming from an indexed tsvector; on SQLite
    FTS5 folds accents just like our table and does not stem, so it would
    only cost time (0.8 s a query at 10,000 businesses). Setting:
    SEARCH_DATABASE_FULLTEXT = True/False (default: PostgreSQL only)."""
    setting = getattr(settings, "SEARCH_DATABASE_FULLTEXT", None)
    if setting is not None:
        return bool(setting)
    return connection.vendor == "postgresql"


class DatabaseBackend(SearchBackend):
    name = "database"

    def _kinds(self, request):
        kinds = tuple(kind for kind in request.kinds or result_kinds() if type_by_kind(kind))
        if request.sort == "distance" or request.has_business_filters:
            kinds = tuple(kind for kind in kinds if _filterable(type_by_kind(kind)))
        if request.filters.language:
            kinds = tuple(kind for kind in kinds if _has_languages(type_by_kind(kind)))
        return kinds

    def _fulltext_ids(self, query):
        """Wagtail's own database search over all page types at once (stemming
        with PostgreSQL's German configuration); a failure only loses this
        complement, the folded match still answers."""
        try:
            # Only the source-language tree is searched (PageType.source_pages).
            pages = Page.objects.live().filter(locale=Locale.get_default())
            results = pages.search(query, operator="and")[:FTS_LIMIT]
            return [page.pk for page in results]
        except Exception:  # noqa: BLE001 - the folded match still answers
            logger.warning("Wagtail database search failed for %r", query, exc_info=True)
            return []

    def _queryset(self, page_type, request, candidates=None, private=None):
        filters = request.filters
        if page_type is position_type():
            # Open today: filled or expired positions drop out when the search runs.
            queryset = page_type.visible(local_today(request.when))
            if filters.language:
                queryset = queryset.filter(languages=filters.language)
            if candidates is not None:
                queryset = queryset.filter(pk__in=list(candidates))
            return queryset
        queryset = page_type.base(private)
        if page_type.filterable:
            queryset = filters.restrict(queryset, request.when)
        elif filters.language and hasattr(page_type.model, "languages"):
            queryset = queryset.filter(languages=filters.language)
        if candidates is not None:
            queryset = queryset.filter(pk__in=list(candidates))
        return queryset

    def _candidates(self, groups, kinds, fts_ids):
        """{kind: {page_id: (title, vocabulary, body)}} of the folded texts that
        match, in one scan of the text table for all page types."""
        condition = match_condition(groups)
        if fts_ids:
            condition |= Q(page_id__in=fts_ids)
        found = {kind: {} for kind in kinds}
        rows = SearchText.objects.filter(condition, kind__in=kinds).values_list(
            "page_id", "kind", "title", "vocabulary", "body"
        )
        for page_id, kind, *texts in rows:
            found[kind][page_id] = tuple(texts)
        if position_type().kind in kinds:
            positions = PositionText.objects.filter(match_condition(groups)).values_list(
                "job_id", "title", "vocabulary", "body"
            )
            found[position_type().kind] = {job_id: tuple(texts) for job_id, *texts in positions}
        return found

    def search(self, request: SearchRequest) -> RawResults:
        groups = expand_query(request.query)
        if not groups and not (request.has_business_filters or request.filters.language):
            return RawResults()
        rows = []
        facets = {"type": {}, "category": {}, "district": {}, "language": {}}
        kinds = self._kinds(request)
        candidates = None
        if groups:
            fts_ids = self._fulltext_ids(request.query) if use_fulltext() else []
            candidates = self._candidates(groups, kinds, fts_ids)
            kinds = tuple(kind for kind in kinds if candidates[kind])
        private = private_q() if kinds else None
        for kind in kinds:
            page_type = type_by_kind(kind)
            texts = candidates[kind] if candidates is not None else None
            queryset = self._queryset(page_type, request, texts, private)
            found = self._rank(page_type, queryset, request, groups, texts or {}, facets)
            if found:
                facets["type"][kind] = len(found)
                if getattr(page_type, "language_facet", None):
                    facets["language"] = page_type.language_facet([row[1] for row in found])
            rows += found
        if request.sort == "distance":
            rows.sort(key=lambda row: row[3])
        else:
            rows.sort(key=lambda row: (-row[2], row[3]))
        page_rows = rows[request.offset : request.offset + request.per_page]
        return RawResults(
            total=len(rows),
            hits=[(kind, pk, score_) for kind, pk, score_, _key in page_rows],
            facets=facets,
        )

    def _rank(self, page_type, queryset, request, groups, texts, facets):
        """[(kind, pk, score, sort key)] of every visible match; counts the
        category and district facets on the way (the filterable type)."""
        kind = page_type.kind
        columns = ["pk", "title"]
        business = _filterable(page_type)
        near = request.filters.near if business else None
        if business:
            columns += ["category__slug", "district__slug"]
        if near:
            queryset = queryset.annotate_distance(*near)
            columns.append("distance_sq")
        found = []
        by_distance = request.sort == "distance" and near
        empty = ("", "", "")
        for row in queryset.order_by().values_list(*columns):
            relevance = score(texts.get(row[0], empty), groups) if groups else 0
            key = row[-1] if by_distance else fold(row[1])
            found.append((kind, row[0], relevance, key))
            if business:
                for facet, value in (("category", row[2]), ("district", row[3])):
                    if value:
                        facets[facet][value] = facets[facet].get(value, 0) + 1
        return found

    def suggest(self, prefix: str, limit: int = 8) -> list:
        folded = fold(prefix).strip()
        if len(folded) < 2:
            return []
        business = registry.filterable_type()
        suggestions = []
        titles = (
            business.visible()
            .filter(
                Q(search_text__title__startswith=f" {folded}")
                | Q(search_text__title__contains=f" {folded}")
            )
            .order_by("title")
            .values_list("title", flat=True)
            .distinct()[:limit]
        )
        suggestions += [{"text": title, "type": "business"} for title in titles]
        for category in category_vocabulary():
            if any(word.startswith(folded) for word in category["words"]):
                suggestions.append(
                    {"text": category["name"], "type": "category", "category": category["slug"]}
                )
        return suggestions[:limit]


def _filterable(page_type):
    return getattr(page_type, "filterable", False)


def _has_languages(page_type):
    """Whether the language filter can apply: the type's pages (or positions)
    have languages."""
    return hasattr(page_type.model, "languages")


def category_vocabulary():
    """Categories with their folded words (name, translations, keywords); one query."""
    vocabulary = []
    categories = registry.facet_models["category"].model.objects
    for category in categories.only("slug", "name", "name_translations", "keywords"):
        words = set()
        for text in (category.name, *category.name_translations.values(), category.keywords):
            words.update(tokenize(text))
        vocabulary.append(
            {"slug": category.slug, "name": category.display_name, "words": sorted(words)}
        )
    return vocabulary
