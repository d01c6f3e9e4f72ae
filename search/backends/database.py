"""Database backend: folded substring matching on search.models.SearchText
and PositionText (umlauts, Turkish letters, compounds, light stemming,
synonyms), facet counts and distance sorting from the registered listing's
queryset (annotate_distance).

One code path on SQLite and PostgreSQL: one query on the folded text table
finds the pages of every searched type whose text the words match, with that
text (`LIKE '%term%'` on `title || vocabulary || body`, FoldedText,
ContainsAny; _matched_pages), then one query per type with matches reads the
visible ones the filters allow by id (positions, with a text table of their
own, in one query with their text). On PostgreSQL a pg_trgm GIN index on that
expression answers those conditions (migrations 0003 and 0008); on SQLite the same
conditions are one FTS5 `MATCH` on a trigram index of that text (migration
0004, full_text_condition), so neither database scans the table.
The matching rows are scored, counted and sorted in Python (Scorer): at
10,000 businesses, scoring the 1,900 matches of "friseur" costs about 4 ms,
while the same score as a SQL expression cost about 20 ms more than reading
the texts, and the facets come from the same rows without a second scan
(README, Search)."""

import dataclasses
import json

from django.db import connection
from django.db.models import F, Func, Lookup, Q, TextField
from django.db.models.expressions import RawSQL

from wagtail.models import Page

from quartier.clock import local_today

from ..folding import Broader, expand_query, fold
from ..intent import kind_order
from ..models import SearchText
from ..registry import registry
from ..synonyms import synonym_table
from ..types import position_type, private_q, result_kinds, type_by_kind
from ..vocabulary import Fuzzy, category_vocabulary, with_corrections
from .base import RawResults, SearchBackend, SearchRequest
from .full_text import full_text_match, full_text_table, phrase

MIN_SUBSTRING_LENGTH = 4  # a term this long matches anywhere in a word
# A three-letter term matches the start of a word ("uhr": "Uhren", as
# Elasticsearch's stemming and word parts find it); shorter ones whole words.
MIN_PREFIX_LENGTH = 3
# (field, weight for the typed word, weight for a stem or synonym)
FIELD_WEIGHTS = (("title", 10, 6), ("vocabulary", 6, 4), ("body", 2, 1))
TITLE_START_BONUS = 8  # a title that starts with the typed word ranks first
FUZZY_SHARE = 0.5  # a corrected typo counts half a synonym (search.vocabulary)
# A broader term of a one-way rule ("pizza => imbiss") in all three fields,
# (6 + 4 + 1) × 0.05 = 0.55, weighs less than the word itself or a two-way
# synonym in the body alone (1): whatever names the word ranks first.
BROADER_SHARE = 0.05


def _lookup(term):
    if len(term) >= MIN_SUBSTRING_LENGTH:
        return term
    return f" {term}" if len(term) >= MIN_PREFIX_LENGTH else f" {term} "


class ContainsAny(Lookup):
    """`text__contains_any=[needles]`: the text contains at least one of the
    needles. On PostgreSQL one `LIKE ANY(array)`, a single condition that the
    trigram index answers together with the other words' conditions (with an
    OR per needle it answered only the cheapest word's and tested the others
    on every row it found: 26 ms instead of 9 in the text table for "friseur
    marxloh" at 10,000 businesses); elsewhere the same as an OR of `LIKE`s."""

    lookup_name = "contains_any"
    prepare_rhs = False

    def _patterns(self, connection):
        return [f"%{connection.ops.prep_for_like_query(needle)}%" for needle in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        patterns = self._patterns(connection)
        sql = " OR ".join(f"{lhs} LIKE %s ESCAPE '\\'" for _pattern in patterns)
        params = [param for pattern in patterns for param in (*lhs_params, pattern)]
        return f"({sql})", params

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} LIKE ANY(%s)", [*lhs_params, self._patterns(connection)]


class FoldedTextField(TextField):
    """The output of FoldedText: a text with the `contains_any` lookup."""


FoldedTextField.register_lookup(ContainsAny)


# title || vocabulary || body, declared costly so that the planner reads the
# trigram index instead of every row (search/migrations/0008).
POSTGRESQL_FUNCTION = "search_folded_text"


class FoldedText(Func):
    """`title || vocabulary || body` of a folded text row: one LIKE per term
    instead of three, and the expression the trigram index is built on (on
    PostgreSQL through POSTGRESQL_FUNCTION). Each field is padded with spaces,
    so no term (which never holds two spaces in a row) matches across two
    fields."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = FoldedTextField()

    def __init__(self, prefix=""):
        super().__init__(*(F(f"{prefix}{name}") for name, _typed, _other in FIELD_WEIGHTS))

    def as_postgresql(self, compiler, connection, **extra_context):
        # The same text through the function the trigram index is built on,
        # which tells the planner what reading it costs (migration 0008).
        return self.as_sql(
            compiler,
            connection,
            template=f"{POSTGRESQL_FUNCTION}(%(expressions)s)",
            arg_joiner=", ",
            **extra_context,
        )


def _alternatives(group):
    """(needles, compounds) of a group: the text must contain one needle or all
    parts of one compound. An alternative that contains another one
    ("friseurin", "friseur") adds nothing to the match and is left out of it
    (the score still counts it), as is a compound with a part that holds a
    needle."""
    needles = [_lookup(term) for term in group if not isinstance(term, tuple)]
    kept = [
        needle
        for needle in needles
        if not any(other in needle and other != needle for other in needles)
    ]
    compounds = []
    for term in group:
        if not isinstance(term, tuple):
            continue
        parts = [_lookup(part) for part in term]
        if any(needle in part for part in parts for needle in needles):
            continue  # a part holds one of the needles already
        compounds.append(parts)
    return kept, compounds


def match_condition(groups, field="folded"):
    """Every group must match; any alternative of a group may (an alternative
    that is a tuple, the parts of a compound, with all its words). `field` is
    the FoldedText alias of the queryset."""
    condition = Q()
    for group in groups:
        kept, compounds = _alternatives(group)
        alternatives = Q(**{f"{field}__contains_any": kept}) if kept else Q()
        for parts in compounds:
            both = Q()
            for part in parts:
                both &= Q(**{f"{field}__contains": part})
            alternatives |= both
        condition &= alternatives
    return condition


def full_text_query(groups):
    """match_condition as one FTS5 query for the trigram index: a quoted
    phrase of three or more characters matches where the text contains it
    (every needle has three: short terms are padded with spaces)."""
    clauses = []
    for group in groups:
        kept, compounds = _alternatives(group)
        alternatives = [phrase(needle) for needle in kept]
        alternatives += ["(" + " AND ".join(map(phrase, parts)) + ")" for parts in compounds]
        clauses.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(clauses)


def full_text_condition(groups, table):
    """The pages (positions) whose folded text matches, from the FTS5 index:
    one lookup by key instead of a LIKE per row."""
    return full_text_match(table, full_text_query(groups))


class Scorer:
    """Relevance of a page from its folded (title, vocabulary, body): where
    each typed word, stem or synonym occurs (typed word over stem or synonym,
    title over vocabulary over body, +8 for a title that starts with the
    typed word). The needles and weights are prepared once per query, and the
    vocabulary's share once per distinct vocabulary (every business of a
    category has the same category words), so scoring thousands of matches
    costs a few milliseconds."""

    def __init__(self, groups):
        self.fields = ([], [], [])  # [(needle, weight)] per field
        self.starts = []  # " typed" prefixes of titles
        self.compounds = []  # [parts] of compound alternatives
        for group in groups:
            for position, term in enumerate(group):
                if isinstance(term, tuple):
                    self.compounds.append([_lookup(part) for part in term])
                    continue
                needle = _lookup(term)
                for needles, (_field, typed, other) in zip(self.fields, FIELD_WEIGHTS, strict=True):
                    weight = typed if position == 0 else other * _share(term)
                    needles.append((needle, weight))
                if position == 0:
                    self.starts.append(f" {term}")
        self.vocabulary_shares = {}

    def __call__(self, texts):
        title, vocabulary, body = (text or "" for text in texts)
        total = 1 + sum([weight for needle, weight in self.fields[0] if needle in title])
        share = self.vocabulary_shares.get(vocabulary)
        if share is None:
            share = sum([weight for needle, weight in self.fields[1] if needle in vocabulary])
            self.vocabulary_shares[vocabulary] = share
        total += share + sum([weight for needle, weight in self.fields[2] if needle in body])
        total += TITLE_START_BONUS * sum(1 for start in self.starts if title.startswith(start))
        for parts in self.compounds:  # weighed when all parts occur
            if all(part in title or part in vocabulary or part in body for part in parts):
                total += sum(
                    other
                    for part in parts
                    for (_field, _typed, other), text in zip(
                        FIELD_WEIGHTS, (title, vocabulary, body), strict=True
                    )
                    if part in text
                )
        return total


def _share(term):
    """The share of a synonym's weight that an alternative gets: a corrected
    typo half, a broader term of a one-way rule a twentieth, both their product."""
    share = FUZZY_SHARE if isinstance(term, Fuzzy) else 1
    return share * BROADER_SHARE if isinstance(term, Broader) else share


class DatabaseBackend(SearchBackend):
    name = "database"

    def _kinds(self, request):
        kinds = tuple(kind for kind in request.kinds or result_kinds() if type_by_kind(kind))
        if request.sort == "distance" or request.has_business_filters:
            kinds = tuple(kind for kind in kinds if _filterable(type_by_kind(kind)))
        if request.filters.language:
            kinds = tuple(kind for kind in kinds if _has_languages(type_by_kind(kind)))
        return kinds

    def _queryset(self, page_type, request, private=None):
        """The visible pages (or open positions) of `page_type` that the
        request's filters allow."""
        filters = request.filters
        if page_type is position_type():
            # Open today: filled or expired positions drop out when the search runs.
            queryset = page_type.visible(local_today(request.when))
            if filters.language:
                queryset = queryset.filter(languages=filters.language)
            return queryset
        queryset = page_type.base(private)
        if page_type.filterable:
            queryset = filters.restrict(queryset, request.when)
        elif filters.language and hasattr(page_type.model, "languages"):
            queryset = queryset.filter(languages=filters.language)
        return queryset

    def search(self, request: SearchRequest) -> RawResults:
        groups = with_corrections(expand_query(request.query, synonym_table()))
        if not groups and not (request.has_business_filters or request.filters.language):
            return RawResults()
        rows = []
        facets = {"type": {}, "category": {}, "district": {}, "language": {}}
        kinds = self._kinds(request)
        private = private_q() if kinds else None
        scorer = Scorer(groups) if groups else None
        matched = _matched_pages(groups, kinds) if groups else None
        for kind in kinds:
            page_type = type_by_kind(kind)
            texts = None
            if matched is not None and page_type is not position_type():
                texts = matched.get(kind)
                if not texts:
                    continue  # no text of this kind has the words: no query
            queryset = self._matches(page_type, request, groups, private, texts)
            found = self._rank(page_type, queryset, request, scorer, facets, texts)
            if found:
                facets["type"][kind] = len(found)
                if getattr(page_type, "language_facet", None):
                    # The ids, not the matching query as a subquery, which ran
                    # every pattern of the words again (15 ms against 2 for
                    # "friseur marxloh" with the everyday vocabulary).
                    ids = _ids_parameter(row[1] for row in found)
                    facets["language"] = page_type.language_facet(ids)
            rows += found
        if request.sort == "distance":
            rows.sort(key=lambda row: row[3])
        else:
            # Businesses first unless the query asks for another kind (search.intent).
            rank = kind_order(request.query)
            rows.sort(key=lambda row: (rank.get(row[0], len(rank)), -row[2], row[3], row[1]))
        page_rows = rows[request.offset : request.offset + request.per_page]
        return RawResults(
            total=len(rows),
            hits=[(kind, pk, score_) for kind, pk, score_, _key in page_rows],
            facets=facets,
            unmatched=self._unmatched(request, groups, private) if not rows else (),
        )

    def _unmatched(self, request, groups, private):
        """The typed terms of `groups` that match no visible page (position)
        by themselves, whatever the filters: one query per term and searched
        kind, run only for an empty answer of two terms or more (every term
        must match, so a term that matches nothing empties the answer)."""
        if len(groups) < 2:
            return ()
        unfiltered = dataclasses.replace(request, filters=registry.empty_filters(), sort="")
        kinds = self._kinds(unfiltered)
        private = private_q() if private is None else private
        return tuple(
            group[0]
            for group in groups
            if not any(
                self._matches(type_by_kind(kind), unfiltered, [group], private).exists()
                for kind in kinds
            )
        )

    def _matches(self, page_type, request, groups, private, ids=None):
        """The visible pages (positions) of `page_type` that the filters allow
        and the words match (`ids`: the pages the words matched, from
        _matched_pages); near a place, only geocoded ones, with their
        distance."""
        queryset = self._queryset(page_type, request, private)
        if ids is not None:
            queryset = queryset.filter(pk__in=_ids_parameter(ids))
        elif groups:
            table = full_text_table(queryset.model)
            if table is not None:
                queryset = queryset.filter(full_text_condition(groups, table))
            else:
                queryset = queryset.alias(folded=FoldedText("search_text__")).filter(
                    match_condition(groups)
                )
        if _filterable(page_type) and request.filters.near:
            queryset = queryset.annotate_distance(*request.filters.near)
        return queryset

    def _rank(self, page_type, queryset, request, scorer, facets, texts=None):
        """[(kind, pk, score, sort key)] of every match, from one query; counts
        the category and district facets on the way (the filterable type).
        `texts` ({pk: (title, vocabulary, body)}) were read with the matches
        (_matched_pages); without them the query reads the folded texts with
        the pages."""
        kind = page_type.kind
        joined = texts is None
        columns = ["pk", "title"]
        if joined:
            columns.append("search_text__title")
            if scorer is not None:
                columns += ["search_text__vocabulary", "search_text__body"]
        width = len(columns)
        business = _filterable(page_type)
        near = request.filters.near if business else None
        if business:
            columns += ["category__slug", "district__slug"]
        if near:
            columns.append("distance_sq")
        found = []
        by_distance = request.sort == "distance" and near
        for row in queryset.order_by().values_list(*columns):
            text = row[2:width] if joined else texts[row[0]]
            relevance = scorer(text) if scorer is not None else 0
            # Equal scores in the order of the folded title's words.
            key = row[-1] if by_distance else (text[0] or fold(row[1]))
            found.append((kind, row[0], relevance, key))
            if business:
                for facet, value in (("category", row[width]), ("district", row[width + 1])):
                    if value:
                        facets[facet][value] = facets[facet].get(value, 0) + 1
        return found

    def suggest(self, prefix: str, limit: int = 8) -> list:
        folded = fold(prefix).strip()
        if len(folded) < 2:
            return []
        business = registry.filterable_type()
        suggestions = []
        candidates = business.visible()
        table = full_text_table(business.model)
        if table is not None:
            # The index narrows to the pages with a word starting so anywhere
            # in their text; the LIKE below keeps those with it in the title.
            candidates = candidates.filter(full_text_match(table, phrase(f" {folded}")))
        titles = (
            candidates.filter(
                Q(search_text__title__startswith=f" {folded}")
                | Q(search_text__title__contains=f" {folded}")
            )
            .order_by("title", "pk")
            .values_list("pk", "title")
            .distinct()[:limit]
        )
        suggestions += [
            {"text": title, "type": "business", "page_id": page_id} for page_id, title in titles
        ]
        for category in category_vocabulary():
            if any(word.startswith(folded) for word in category["words"]):
                suggestions.append(
                    {"text": category["name"], "type": "category", "category": category["slug"]}
                )
        return suggestions[:limit]


def _matched_pages(groups, kinds):
    """{kind: {page id: (title, vocabulary, body)}}: the pages whose folded
    text the words match, with that text, for the page kinds among `kinds`,
    from one query on the text table: its index
    (FTS5 on SQLite, the trigram index on PostgreSQL) is asked once per
    search instead of once per kind (four times for a search of every kind;
    each asking cost 8-13 ms for "friseur" on SQLite at 10,000 businesses),
    and a kind none of whose texts match costs no query. Whether a page is
    visible and what the filters allow is checked by each kind's query."""
    page_kinds = [kind for kind in kinds if type_by_kind(kind) is not position_type()]
    if not page_kinds:
        return {}
    texts = SearchText.objects.filter(kind__in=page_kinds)
    table = full_text_table(Page)  # the FTS5 table of SearchText, Page.search_text
    if table is not None:
        texts = texts.filter(full_text_condition(groups, table))
    else:
        texts = texts.alias(folded=FoldedText()).filter(match_condition(groups))
    matched = {}
    rows = texts.order_by().values_list("page_id", "kind", "title", "vocabulary", "body")
    for page_id, kind, *text in rows:
        matched.setdefault(kind, {})[page_id] = text
    return matched


def _ids_parameter(ids):
    """`ids` as one query parameter, for `pk__in` (the matches of a kind, the
    matched businesses of the language facet): a list of 1,900 ids as as
    many parameters cost 9-64 ms on PostgreSQL (a statement parsed anew every
    time) and about 8 ms in Django preparing each of them on SQLite.
    PostgreSQL gets one integer array (`unnest`), SQLite one JSON array
    (`json_each`)."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::integer[])", [list(ids)])
    return RawSQL("SELECT value FROM json_each(%s)", [json.dumps(list(ids))])


def _filterable(page_type):
    return getattr(page_type, "filterable", False)


def _has_languages(page_type):
    """Whether the language filter can apply: the type's pages (or positions)
    have languages."""
    return hasattr(page_type.model, "languages")
