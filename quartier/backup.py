"""Backup and restore of a site: its database and its media files, in one folder.

A backup folder holds `database.sqlite3` (SQLite, copied with SQLite's online backup
API, so a running site keeps serving) or `database.dump` (PostgreSQL, `pg_dump
--format=custom`), `media.tar.gz` (MEDIA_ROOT) and `manifest.json` (what was saved,
when, from which migration state). `restore` puts them into a fresh, empty database
and media folder; the search indexes are rebuilt afterwards from the database
(`rebuild_search_index`), so they are not part of a backup.
"""

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason in words."""


def _vendor(alias):
    return connections[alias].vendor


def _postgres_env(alias):
    config = connections[alias].settings_dict
    env = dict(os.environ)
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = config["PASSWORD"]
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if config.get(key):
            args += [flag, str(config[key])]
    return env, args, config["NAME"]


def _tool(name):
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} is missing (Debian: apt-get install -y postgresql-client)")
    return path


def backup(folder, alias="default"):
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty; give a new folder for each backup")
    vendor = _vendor(alias)
    if vendor == "sqlite":
        source = sqlite3.connect(connections[alias].settings_dict["NAME"])
        target = sqlite3.connect(folder / SQLITE_FILE)
        with target:
            source.backup(target)
        source.close()
        target.close()
    elif vendor == "postgresql":
        env, args, name = _postgres_env(alias)
        # The arguments come from the settings, never from a request; no shell.
        subprocess.run(  # noqa: S603
            [
                _tool("pg_dump"),
                *args,
                "--format=custom",
                "--no-owner",
                "-f",
                folder / POSTGRES_FILE,
                name,
            ],
            env=env,
            check=True,
        )
    else:
        raise BackupError(f"no backup for the {vendor} database")
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / MEDIA_FILE, "w:gz") as archive:
        if media.is_dir():
            archive.add(media, arcname=".")
    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": vendor,
        "migrations": _applied_migrations(alias),
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def _applied_migrations(alias):
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _database_is_empty(alias):
    return not connections[alias].introspection.table_names()


def restore(folder, alias="default"):
    folder = Path(folder)
    if not (folder / MANIFEST).is_file():
        raise BackupError(f"{folder} holds no backup ({MANIFEST} is missing)")
    manifest = json.loads((folder / MANIFEST).read_text())
    vendor = _vendor(alias)
    if manifest["database"] != vendor:
        raise BackupError(
            f"the backup is of a {manifest['database']} database, this site uses {vendor}"
        )
    if not _database_is_empty(alias):
        raise BackupError("the database is not empty: restore into a new, empty database")
    connections[alias].close()
    if vendor == "sqlite":
        source = sqlite3.connect(folder / SQLITE_FILE)
        target = sqlite3.connect(connections[alias].settings_dict["NAME"])
        with target:
            source.backup(target)
        source.close()
        target.close()
    else:
        env, args, name = _postgres_env(alias)
        subprocess.run(  # noqa: S603
            [
                _tool("pg_restore"),
                *args,
                "--no-owner",
                "--exit-on-error",
                "-d",
                name,
                folder / POSTGRES_FILE,
            ],
            env=env,
            check=True,
        )
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / MEDIA_FILE, "r:gz") as archive:
        archive.extractall(media, filter="data")
    return manifest
