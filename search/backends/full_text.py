"""SQLite's FTS5 trigram index of the folded text tables (migration 0004),
which the database backend asks instead of scanning with `LIKE '%term%'`."""

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

_tables = {}


def full_text_table(model):
    """The FTS5 table (migration 0004) of the folded text table that `model`'s
    `search_text` points to, or None where there is none (PostgreSQL, or an
    SQLite without the trigram tokenizer). Looked up once per database."""
    if connection.vendor != "sqlite":
        return None
    table = model._meta.get_field("search_text").related_model._meta.db_table + "_fts"
    key = (connection.settings_dict["NAME"], table)
    if key not in _tables:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [table]
            )
            _tables[key] = cursor.fetchone() is not None
    return table if _tables[key] else None


def phrase(needle):
    """`needle` as an FTS5 phrase: with the trigram tokenizer it matches
    wherever the text contains it (three characters or more)."""
    return '"' + needle.replace('"', '""') + '"'


def full_text_match(table, query):
    """The rows whose key is among the index's matches of the FTS5 `query`."""
    # The table name comes from the model, the query is a parameter.
    sql = f"SELECT rowid FROM {table} WHERE {table} MATCH %s"  # noqa: S608
    return Q(pk__in=RawSQL(sql, [query]))  # noqa: S611
