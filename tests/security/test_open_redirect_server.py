"""The open-redirect check of test_open_redirect.py against a real gunicorn
on 127.0.0.1: there the raw request target "//evil.example/…" reaches Django
as the path, exactly as an attacker sends it."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def raw_get(port, target, *headers):
    """Sends `target` byte for byte (no client library normalises it)."""
    request = f"GET {target} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n"
    request += "".join(f"{header}\r\n" for header in headers) + "\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request.encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.decode("utf-8", "replace").partition("\r\n\r\n")
    status = int(head.split()[1])
    location = re.search(r"^Location: (.*)$", head, re.M | re.I)
    return status, location.group(1).strip() if location else None, body


def database_url(tmp_path):
    """The test database as gunicorn can reach it: SQLite's in-memory copy is
    written to a file (the data migrations' site and home page are all we need)."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "server.sqlite3"
        connection.ensure_connection()
        # serialize(), not backup(): the test's transaction (BEGIN IMMEDIATE, as the
        # settings ask for) holds the lock that backup() would wait on for ever.
        path.write_bytes(connection.connection.serialize())
        return f"sqlite:///{path}"
    if connection.vendor == "postgresql":
        user, password = settings["USER"], settings["PASSWORD"]
        host, port, name = settings["HOST"], settings["PORT"], settings["NAME"]
        return f"postgres://{user}:{password}@{host}:{port}/{name}"
    pytest.skip(f"no server test for {connection.vendor}")


@pytest.fixture
def gunicorn(home_page, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "quartier.settings.test",
        "DATABASE_URL": database_url(tmp_path),
        "PAGE_CACHE_GENERATION_FILE": str(tmp_path / "generation"),
    }
    process = subprocess.Popen(
        [str(GUNICORN), "quartier.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if raw_get(port, "/healthz/")[0] == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, process.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "gunicorn did not answer"
            time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.django_db
def test_gunicorn_never_answers_with_another_host(gunicorn):
    port = gunicorn
    for target in ("//evil.example/suche/?q=x", "/\\evil.example/suche/?q=x", "//evil.example"):
        for preference in ("Accept-Language: en", "Cookie: django_language=en"):
            status, location, body = raw_get(port, target, preference)
            assert (status, location) == (404, None), (target, preference)
            hosts = re.findall(r'(?:href|src|action)="(?:https?:)?//([^/"]+)', body)
            assert set(hosts) <= {f"127.0.0.1:{port}", "localhost"}, (target, hosts)
    status, location, _body = raw_get(port, "/suche/?q=x", "Accept-Language: en")
    assert (status, location) == (302, "/en/search/?q=x")
