"""SQLite only: an FTS5 table with the trigram tokenizer per folded text
table, holding `title || vocabulary || body` under the row's key, so the
database backend's `LIKE '%term%'` becomes a full-text match that the trigram
index answers instead of a scan of every row (as migration 0003's pg_trgm
index does on PostgreSQL). Triggers keep it in step with every write to the
text table (save, bulk insert, update, delete), so nothing in Python can
forget it. SQLite ships the trigram tokenizer from 3.34 on; with an older
library the tables are not created and the backend keeps scanning."""

import sqlite3

from django.db import migrations

# text table: its key column
TABLES = {"search_searchtext": "page_id", "search_positiontext": "job_id"}
MINIMUM_VERSION = (3, 34, 0)


def _statements(table, key):
    index = f"{table}_fts"
    folded = "new.title || new.vocabulary || new.body"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {index} USING fts5(folded, tokenize = 'trigram')",
        f"INSERT INTO {index} (rowid, folded) SELECT {key}, title || vocabulary || body "
        f"FROM {table}",
        f"CREATE TRIGGER IF NOT EXISTS {index}_insert AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {index} (rowid, folded) VALUES (new.{key}, {folded}); END",
        f"CREATE TRIGGER IF NOT EXISTS {index}_update AFTER UPDATE ON {table} BEGIN "
        f"DELETE FROM {index} WHERE rowid = old.{key}; "
        f"INSERT INTO {index} (rowid, folded) VALUES (new.{key}, {folded}); END",
        f"CREATE TRIGGER IF NOT EXISTS {index}_delete AFTER DELETE ON {table} BEGIN "
        f"DELETE FROM {index} WHERE rowid = old.{key}; END",
    ]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite" or sqlite3.sqlite_version_info < MINIMUM_VERSION:
        return
    for table, key in TABLES.items():
        for statement in _statements(table, key):
            schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        index = f"{table}_fts"
        for suffix in ("insert", "update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {index}_{suffix}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_trigram_index"),
    ]

    operations = [
        migrations.RunPython(create_indexes, drop_indexes),
    ]
