"""The demo content for transactional (browser) tests, loaded once per run.

`load_demo_data` builds some 300 pages through the tree, the revisions, the
search text and the translations: 10–15 s, paid by every browser test. On
SQLite's in-memory test database the first load is copied into a second
in-memory database, and each later test copies it back with SQLite's backup
API (milliseconds): the same rows, primary keys and full-text index as a fresh
load. On PostgreSQL, or with an open transaction, it loads as before."""

import io
import sqlite3

from django.core.management import call_command
from django.db import connection

_SNAPSHOTS = {}


def _in_memory_sqlite():
    if connection.vendor != "sqlite":
        return False
    return connection.creation.is_in_memory_db(connection.settings_dict["NAME"])


def load_demo(*options):
    """`load_demo_data` with these options, or a copy of what it wrote the first
    time it ran with them in this process."""
    usable = _in_memory_sqlite() and not connection.in_atomic_block
    snapshot = _SNAPSHOTS.get(options) if usable else None
    if snapshot is not None:
        connection.ensure_connection()
        snapshot.backup(connection.connection)
        return
    call_command("load_demo_data", *options, stdout=io.StringIO())
    if usable:
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _SNAPSHOTS[options] = copy
