"""A backup restored into a fresh database serves the same pages (docs: Betrieb,
Sicherung). Runs the real commands in processes of their own against real
databases: SQLite files, and PostgreSQL when DATABASE_URL names one."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["/", "/tr/", "/ar/", "/verzeichnis/", "/tr/verzeichnis/", "/termine/", "/karte/"]
SERVE = (
    "import sys, hashlib\n"
    "from django.test import Client\n"
    "for path in sys.argv[1:]:\n"
    "    r = Client().get(path, HTTP_HOST='127.0.0.1')\n"
    "    print(path, r.status_code, r.get('Location'), hashlib.sha256(r.content).hexdigest())\n"
)


def _manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _pages(env):
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, django; django.setup(); exec(sys.argv.pop(1))",
            SERVE,
            *PAGES,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.splitlines()


def _site_env(tmp_path, name, database_url):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="quartier.settings.dev",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(tmp_path / f"media-{name}"),
        PAGE_CACHE_GENERATION_FILE=str(tmp_path / f"generation-{name}"),
        GEOCODER="none",
        ELASTICSEARCH_URL="",
        REDIS_URL="",
        TASK_BACKEND="immediate",
    )
    return env


@pytest.fixture
def databases(tmp_path):
    """Two database URLs of the configured kind: the original and the restore target."""
    configured = os.environ.get("DATABASE_URL", "")
    if not configured.startswith("postgres"):
        yield [f"sqlite:///{tmp_path}/{name}.sqlite3" for name in ("original", "restored")]
        return
    config = dj_database_url.parse(configured)
    names = [f"quartier_backup_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    admin = dict(os.environ, PGPASSWORD=config["PASSWORD"] or "")
    base = [
        "-h",
        config["HOST"] or "127.0.0.1",
        "-p",
        str(config["PORT"] or 5432),
        "-U",
        config["USER"],
    ]
    for name in names:
        subprocess.run(["createdb", *base, name], env=admin, check=True)
    yield [configured.rsplit("/", 1)[0] + "/" + name for name in names]
    for name in names:
        subprocess.run(["dropdb", "--if-exists", *base, name], env=admin, check=False)


def test_a_restored_backup_serves_the_same_pages(tmp_path, databases):
    original = _site_env(tmp_path, "original", databases[0])
    restored = _site_env(tmp_path, "restored", databases[1])
    _manage(original, "migrate", "--noinput")
    _manage(original, "load_demo_data", "--no-users", "--site-url", "http://127.0.0.1:8000")
    upload = Path(original["MEDIA_ROOT"]) / "original_images" / "Bäckerei Öz – Schaufenster.jpg"
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg, but bytes to keep")
    before = _pages(original)
    assert [line.split()[1:3] for line in before] == [["200", "None"]] * len(PAGES)

    _manage(original, "backup_site", str(tmp_path / "backup"))
    _manage(restored, "restore_site", str(tmp_path / "backup"))

    assert _pages(restored) == before
    kept = Path(restored["MEDIA_ROOT"]) / "original_images" / "Bäckerei Öz – Schaufenster.jpg"
    assert kept.read_bytes() == upload.read_bytes()


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, databases):
    original = _site_env(tmp_path, "original", databases[0])
    _manage(original, "migrate", "--noinput", "quartier")
    _manage(original, "backup_site", str(tmp_path / "backup"))
    failed = subprocess.run(
        [sys.executable, "manage.py", "restore_site", str(tmp_path / "backup")],
        cwd=ROOT,
        env=original,
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 1
    assert "not empty" in failed.stderr
