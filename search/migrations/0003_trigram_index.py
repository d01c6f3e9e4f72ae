"""A pg_trgm GIN index on the folded text the database search backend matches
with `LIKE '%term%'` (search.backends.database.FoldedText): PostgreSQL only.
pg_trgm is a trusted extension, so the database owner may create it
(PostgreSQL 13 and later). SQLite has no such index and scans the table.

The index keeps no statistics of its expression (SET STATISTICS 0). With them
the planner sees that a broad query ("friseur" and its dozen synonyms) matches
a fifth of the table and, pricing a LIKE like an integer comparison, walks
all pages and runs every LIKE on each: 66 ms at 10,000 businesses instead of
14 ms from the index. Without them it starts from the index.

No pending list either (fastupdate = off): rows written since the last
vacuum would otherwise sit in an unindexed list that every search reads and
that the planner prices as a full scan, so right after a rebuild it scanned
the table instead."""

from django.db import migrations

INDEXES = {
    # index name: table
    "search_searchtext_folded_trgm": "search_searchtext",
    "search_positiontext_folded_trgm": "search_positiontext",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            "USING gin ((title || vocabulary || body) gin_trgm_ops) WITH (fastupdate = off)"
        )
        schema_editor.execute(f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS 0")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_position_text"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
