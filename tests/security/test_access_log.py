"""The access log of a real gunicorn on 127.0.0.1 (with the logger class the
Docker image uses) keeps no key from a mail link and no search term."""

import logging
import subprocess
import sys
import time
import urllib.request
import uuid

import pytest

from django.test import Client

from quartier.access_log import is_key, redact_path, redact_query
from tests.loopback import closed_port


def test_keys_and_query_values_are_redacted_but_slugs_stay():
    token = str(uuid.uuid4())
    assert redact_path(f"/tr/workshop-anmeldung/{token}/") == "/tr/workshop-anmeldung/[key]/"
    signed = "eyJpZCI6MTJ9:1vUq2x:Zt0cW8Jm3dVn-r4sQkP9aYb1LcE"
    assert redact_path(f"/newsletter/abmelden/{signed}/") == "/newsletter/abmelden/[key]/"
    assert redact_path("/admin/password_reset/MQ/d4k2lm-8f3e9a1b2c3d4e5f6a7b/") == (
        "/admin/password_reset/MQ/[key]/"
    )
    for slug in ("ubersetzungsburo-sprachbrucke", "herbstmarkt-hochfeld-2026", "verzeichnis"):
        assert not is_key(slug), slug
    assert redact_query("q=kuaför+yıldız&district=marxloh&page=2") == "q=…&district=…&page=…"


def test_gunicorn_access_log_keeps_no_key_and_no_search_term(tmp_path):
    log = tmp_path / "access.log"
    port = closed_port()  # free: nothing listens there yet
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tests.security.access_log_app:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--access-logfile",
            str(log),
            "--logger-class",
            "quartier.access_log.RedactingLogger",
            "--access-logformat",
            '%(h)s "%(r)s" %(s)s "%(f)s" %(U)s %(q)s',
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    token = str(uuid.uuid4())
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz/", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        urllib.request.urlopen(f"{base}/workshop-anmeldung/{token}/", timeout=5)
        request = urllib.request.Request(
            f"{base}/suche/?q=schuldnerberatung+diskret&district=marxloh",
            headers={"Referer": f"{base}/suche/?q=schwangerschaft"},
        )
        urllib.request.urlopen(request, timeout=5)
    finally:
        server.terminate()
        server.wait(timeout=10)
    text = log.read_text()
    assert token not in text
    assert "schuldnerberatung" not in text and "diskret" not in text
    assert "schwangerschaft" not in text
    assert '"GET /workshop-anmeldung/[key]/ HTTP/1.1" 200' in text
    assert '"GET /suche/?q=…&district=… HTTP/1.1" 200' in text


@pytest.mark.django_db
def test_djangos_own_log_lines_keep_no_key(client, home_page, caplog):
    """ "Not Found: <path>" and "Forbidden (CSRF cookie not set.): <path>", as
    the console handler (LOGGING) writes them."""
    token = str(uuid.uuid4())
    signed = "eyJpZCI6MTJ9:1vUq2x:Zt0cW8Jm3dVn-r4sQkP9aYb1LcE"
    csrf_client = Client(enforce_csrf_checks=True)
    with caplog.at_level(logging.WARNING):
        client.get(f"/tr/workshop-anmeldung/{token}/")
        csrf_client.post(f"/newsletter/abmelden/{signed}/")
    console = next(h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler)
    lines = []
    for record in caplog.records:
        if record.name in ("django.request", "django.security.csrf"):
            for log_filter in console.filters:
                log_filter.filter(record)
            lines.append(record.getMessage())
    assert len(lines) == 2, lines
    assert [line for line in lines if token in line or signed in line] == []
    assert any(line.startswith("Not Found: /tr/workshop-anmeldung/[key]/") for line in lines)
