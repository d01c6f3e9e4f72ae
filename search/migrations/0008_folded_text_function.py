"""The trigram indexes of migration 0003 rebuilt on a function of the three
folded fields, `search_folded_text(title, vocabulary, body)`, that says what
reading the text costs (PostgreSQL only; SQLite searches its FTS5 index).

The planner prices a `LIKE` like an integer comparison, whatever the length
of the text and the number of patterns. With the everyday vocabulary of
migration 0007 "friseur" is searched by some thirty patterns: priced that
way, reading every row and running thirty LIKEs on it looked cheaper than the
index, and took 72 ms at 10,000 businesses instead of 9.5 ms from the index.
A function's declared COST is the documented way to tell the planner what an
expression costs per row (CREATE FUNCTION … COST); it is PL/pgSQL because a
plain SQL function would be inlined and lose its cost. The function is the
same concatenation as before, and the index is built on it, so the planner
still answers from the index and rechecks only the rows it found."""

from django.db import migrations

FUNCTION = "search_folded_text"
# In units of cpu_operator_cost (one integer comparison). At 100 the planner,
# which expects a sixth of the pages in German (six locales; nearly all are
# German), still chose to fetch every German page's text by key and test it:
# 87 ms for "friseur" at 10,000 businesses. At 1000 it reads the index first
# (17 ms for the whole query), for one word as for thirty patterns.
COST = 1000
INDEXES = {
    # index name: table
    "search_searchtext_folded_trgm": "search_searchtext",
    "search_positiontext_folded_trgm": "search_positiontext",
}


def create_function_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(title text, vocabulary text, body text) "
        f"RETURNS text LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST {COST} "
        "AS $$ BEGIN RETURN title || vocabulary || body; END $$"
    )
    for name, table in INDEXES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE INDEX {name} ON {table} USING gin "
            f"({FUNCTION}(title, vocabulary, body) gin_trgm_ops) WITH (fastupdate = off)"
        )
        # As in 0003: no statistics of the expression, the planner starts from the index.
        schema_editor.execute(f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS 0")


def restore_expression_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table in INDEXES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE INDEX {name} ON {table} "
            "USING gin ((title || vocabulary || body) gin_trgm_ops) WITH (fastupdate = off)"
        )
        schema_editor.execute(f"ALTER INDEX {name} ALTER COLUMN 1 SET STATISTICS 0")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}(text, text, text)")


class Migration(migrations.Migration):
    dependencies = [("search", "0007_everyday_vocabulary_of_the_districts")]

    operations = [migrations.RunPython(create_function_indexes, restore_expression_indexes)]
