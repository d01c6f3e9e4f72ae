"""Database backend: folded substring matching on search.models.SearchText
(umlauts, Turkish letters, compounds, light stemming, synonyms) joined with
Wagtail's database full-text search (SQLite FTS5, PostgreSQL full-text), with
facet counts from the ORM and distance sorting from the directory queryset."""

import logging

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce

from directory.models import Category

from ..folding import expand_query, fold, tokenize
from ..types import available_types, private_q, type_by_kind
from .base import RawResults, SearchBackend, SearchRequest

logger = logging.getLogger(__name__)

MIN_SUBSTRING_LENGTH = 4  # shorter terms only match whole words
FTS_LIMIT = 200
# (field, weight for the typed word, weight for a stem or synonym)
FIELD_WEIGHTS = (("title", 10, 6), ("vocabulary", 6, 4), ("body", 2, 1))


def _lookup(term):
    return term if len(term) >= MIN_SUBSTRING_LENGTH else f" {term} "


def match_condition(groups):
    """Every group must match somewhere; any alternative of a group may."""
    condition = Q()
    for group in groups:
        alternatives = Q()
        for term in group:
            needle = _lookup(term)
            for field_name, _typed, _other in FIELD_WEIGHTS:
                alternatives |= Q(**{f"search_text__{field_name}__contains": needle})
        condition &= alternatives
    return condition


def score_expression(groups):
    parts = []
    for group in groups:
        for position, term in enumerate(group):
            needle = _lookup(term)
            for field_name, typed, other in FIELD_WEIGHTS:
                weight = typed if position == 0 else other
                parts.append(
                    Case(
                        When(**{f"search_text__{field_name}__contains": needle}, then=weight),
                        default=0,
                        output_field=IntegerField(),
                    )
                )
            if position == 0:
                # A title that starts with the typed word ranks first.
                parts.append(
                    Case(
                        When(search_text__title__startswith=f" {term}", then=8),
                        default=0,
                        output_field=IntegerField(),
                    )
                )
    if not parts:
        return Value(0, output_field=IntegerField())
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


class DatabaseBackend(SearchBackend):
    name = "database"

    def _kinds(self, request):
        kinds = request.kinds or tuple(t.kind for t in available_types())
        if request.sort == "distance" or request.has_business_filters:
            kinds = tuple(kind for kind in kinds if kind == "business")
        if request.filters.language:
            kinds = tuple(kind for kind in kinds if kind in {"business", "workshop"})
        return tuple(kind for kind in kinds if type_by_kind(kind))

    def _fulltext_ids(self, query):
        """Wagtail's own database search over all page types at once (stemming
        with PostgreSQL's German configuration); a failure only loses this
        complement, the folded match still answers."""
        from wagtail.models import Page

        try:
            results = Page.objects.live().search(query, operator="and")[:FTS_LIMIT]
            return [page.pk for page in results]
        except Exception:  # noqa: BLE001 - the folded match still answers
            logger.warning("Wagtail database search failed for %r", query, exc_info=True)
            return []

    def _queryset(self, page_type, request, groups, private=None, fts_ids=()):
        queryset = page_type.base(private)
        filters = request.filters
        if page_type.kind == "business":
            if filters.category:
                queryset = queryset.in_category(filters.category)
            if filters.district:
                queryset = queryset.in_district(filters.district)
            if filters.language:
                queryset = queryset.speaking(filters.language)
            if filters.campaign:
                queryset = queryset.in_campaign(filters.campaign)
            if filters.wheelchair:
                queryset = queryset.wheelchair_accessible()
            if filters.open_now:
                queryset = queryset.open_at(request.when)
        elif filters.language and hasattr(page_type.model, "languages"):
            queryset = queryset.filter(languages=filters.language)
        if groups:
            condition = match_condition(groups)
            if fts_ids:
                condition |= Q(pk__in=fts_ids)
            queryset = queryset.filter(condition).annotate(
                score=Coalesce(score_expression(groups), 0) + Value(1)
            )
        else:
            queryset = queryset.annotate(score=Value(0, output_field=IntegerField()))
        return queryset

    def search(self, request: SearchRequest) -> RawResults:
        groups = expand_query(request.query)
        if not groups and not (request.has_business_filters or request.filters.language):
            return RawResults()
        rows = []
        facets = {"type": {}, "category": {}, "district": {}, "language": {}}
        private = private_q()
        fts_ids = self._fulltext_ids(request.query) if groups else []
        for kind in self._kinds(request):
            page_type = type_by_kind(kind)
            queryset = self._queryset(page_type, request, groups, private, fts_ids)
            if kind == "business" and request.filters.near:
                queryset = queryset.annotate_distance(*request.filters.near)
            if kind == "business" and request.sort == "distance" and request.filters.near:
                ordered = queryset.order_by("distance_sq", "-score", "title")
                found = [
                    (kind, pk, score, index)
                    for index, (pk, score) in enumerate(ordered.values_list("pk", "score"))
                ]
            else:
                found = [
                    (kind, pk, score, fold(title))
                    for pk, score, title in queryset.values_list("pk", "score", "title")
                ]
            if found:
                facets["type"][kind] = len(found)
            rows += found
            if kind == "business" and found:
                facets.update(self._business_facets(queryset))
        if request.sort == "distance":
            rows.sort(key=lambda row: row[3])
        else:
            rows.sort(key=lambda row: (-row[2], row[3]))
        page_rows = rows[request.offset : request.offset + request.per_page]
        return RawResults(
            total=len(rows),
            hits=[(kind, pk, score) for kind, pk, score, _key in page_rows],
            facets=facets,
        )

    def _business_facets(self, queryset):
        base = queryset.order_by().values("pk")
        from directory.models import BusinessPage

        matching = BusinessPage.objects.filter(pk__in=base)

        def counts(field_name):
            rows = (
                matching.exclude(**{f"{field_name}__isnull": True})
                .values(field_name)
                .annotate(n=Count("pk", distinct=True))
                .order_by()
            )
            return {row[field_name]: row["n"] for row in rows}

        return {
            "category": counts("category__slug"),
            "district": counts("district__slug"),
            "language": counts("languages__code"),
        }

    def suggest(self, prefix: str, limit: int = 8) -> list:
        folded = fold(prefix).strip()
        if len(folded) < 2:
            return []
        business = type_by_kind("business")
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


def category_vocabulary():
    """Categories with their folded words (name, translations, keywords); one query."""
    vocabulary = []
    for category in Category.objects.only("slug", "name", "name_translations", "keywords"):
        words = set()
        for text in (category.name, *category.name_translations.values(), category.keywords):
            words.update(tokenize(text))
        vocabulary.append(
            {"slug": category.slug, "name": category.display_name, "words": sorted(words)}
        )
    return vocabulary
