"""SQLite's FTS5 trigram index (migration 0004) behind the database backend:
it exists, it follows every write to the folded text table, the backend's
queries go through it, and it finds exactly what the scan with `LIKE` found
(the scores and orders that test_database_backend pins follow from that)."""

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.backends.base import SearchRequest
from search.backends.database import (
    DatabaseBackend,
    FoldedText,
    full_text_condition,
    full_text_table,
    match_condition,
)
from search.folding import expand_query
from search.models import PositionText, SearchText
from search.synonyms import synonym_table
from search.types import padded

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "sqlite" or sqlite3.sqlite_version_info < (3, 34, 0),
        reason="FTS5 with the trigram tokenizer: SQLite 3.34 or later only",
    ),
]

FTS = "search_searchtext_fts"

# What people type: umlauts and ß, Turkish and Romanian letters, Arabic,
# Cyrillic, compounds, synonyms, short words, several words, an emoji.
QUERIES = [
    "friseur",
    "Kuaför",
    "kuafor",
    "friseur marxloh",
    "bäckereien",
    "Straße",
    "strasse",
    "haarschnitt",
    "handy reparatur",
    "handyreparatur",
    "Ayşe",
    "ışık",
    "țesut",
    "حلاق",
    "хляб",
    "brot 🍞",
    "am",
    "ab",
    'say "hi"',
    "damen herren",
    # Three letters: the start of a word ("хля" in "хляб"), on both paths.
    "хля",
    "kua",
    "ışı",
    "bäc",
    "han rep",
]


def index_rows():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid, folded FROM {FTS} ORDER BY rowid")  # noqa: S608
        return cursor.fetchall()


def table_rows():
    return [
        (row.page_id, row.title + row.vocabulary + row.body)
        for row in SearchText.objects.order_by("page_id")
    ]


def test_the_index_exists_for_both_text_tables():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'search\\_%\\_fts' "
            "ESCAPE '\\' ORDER BY name"
        )
        names = [name for (name,) in cursor.fetchall()]
    assert names == ["search_positiontext_fts", "search_searchtext_fts"]


def test_the_index_follows_every_write_to_the_text_table(businesses):
    assert index_rows() == table_rows()
    assert (
        len(table_rows())
        == len(businesses)
        + SearchText.objects.exclude(page_id__in=[page.pk for page in businesses.values()]).count()
    )
    page = businesses["kuafor"]
    # A saved edit (update_or_create updates the row) ...
    page.tagline = "Zweigstelle Ruhrort, Bartpflege"
    page.save_revision().publish()
    assert " ruhrort " in SearchText.objects.get(page_id=page.pk).body
    assert index_rows() == table_rows()
    # ... a queryset update, a bulk delete and a bulk insert.
    SearchText.objects.filter(page_id=page.pk).update(title=" umbenannt ")
    assert index_rows() == table_rows()
    rows = list(SearchText.objects.all())
    SearchText.objects.all().delete()
    assert index_rows() == []
    SearchText.objects.bulk_create(rows)
    assert index_rows() == table_rows()


def test_positions_have_their_own_index(businesses):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid, folded FROM search_positiontext_fts ORDER BY rowid")
        indexed = cursor.fetchall()
    assert indexed == [
        (row.job_id, row.title + row.vocabulary + row.body)
        for row in PositionText.objects.order_by("job_id")
    ]


def test_the_backend_matches_through_the_index(businesses):
    assert full_text_table(type(businesses["kuafor"])) == FTS
    with CaptureQueriesContext(connection) as queries:
        raw = DatabaseBackend().search(SearchRequest(query="friseur"))
    assert raw.total == 2
    matching = [query["sql"] for query in queries.captured_queries if " MATCH " in query["sql"]]
    assert matching, "the search read no FTS5 index"
    # No scan of the concatenated text (FoldedText) with LIKE any more.
    concatenated = '"search_searchtext"."title" || "search_searchtext"."vocabulary"'
    assert not any(concatenated in query["sql"] for query in queries.captured_queries)


def matched_by_index(query):
    groups = expand_query(query, synonym_table())
    if not groups:
        return None
    # SearchText's key is the page id, the index's rowid.
    condition = full_text_condition(groups, FTS)
    return set(SearchText.objects.filter(condition).values_list("page_id", flat=True))


def matched_by_scan(query):
    groups = expand_query(query, synonym_table())
    if not groups:
        return None
    scanned = SearchText.objects.alias(folded=FoldedText()).filter(match_condition(groups))
    return set(scanned.values_list("page_id", flat=True))


@pytest.mark.parametrize("query", QUERIES)
def test_the_index_finds_what_the_scan_found(businesses, query):
    assert matched_by_index(query) == matched_by_scan(query)


def test_the_index_finds_substrings_and_parts_of_words(businesses):
    assert {businesses["kuafor"].pk, businesses["salon"].pk} <= matched_by_index("friseur")
    # "reparatur" inside "handyreparatur": a substring, not a word.
    assert businesses["handy"].pk in matched_by_index("reparatur")
    # Three letters match the start of a word, not its middle.
    assert businesses["handy"].pk in matched_by_index("han")
    assert businesses["handy"].pk not in matched_by_index("rep")


WORDS = st.text(
    alphabet=st.sampled_from(list("aeiouäöüßçğışțșnrstlmkbdhx ")), min_size=1, max_size=12
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.lists(WORDS, min_size=1, max_size=4), query=WORDS)
def test_any_folded_text_is_found_alike(db, text, query):
    """Hypothesis: for a row of any folded words, the index and the scan
    agree on whether it matches any typed query."""
    SearchText.objects.all().delete()
    SearchText.objects.create(
        page_id=1,  # Wagtail's root page
        kind="business",
        title=padded(text[0]),
        vocabulary=padded(" ".join(text[1:2])),
        body=padded(" ".join(text[2:])),
    )
    assert matched_by_index(query) == matched_by_scan(query)
