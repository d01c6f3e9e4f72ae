"""Rate limits hold across processes without Redis: two Python processes
(as two gunicorn workers) count against the same database, and together
they let through exactly the limit."""

import datetime
import os
import subprocess
import sys
import time

import pytest

from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from quartier import counters, ratelimit
from quartier.models import RateLimitCounter
from quartier.ratelimit import too_many, too_many_for

from ..clock import berlin
from ..quartier.test_cache import redis_cache
from .test_open_redirect_server import ROOT, database_url

LIMIT = 5
ATTEMPTS_PER_PROCESS = 8

# Each process waits for the start file, then tries ATTEMPTS_PER_PROCESS claims.
WORKER = f"""
import os, sys, time
import django
django.setup()
from django.test import RequestFactory
from quartier.ratelimit import too_many
while not os.path.exists(sys.argv[1]):
    time.sleep(0.01)
request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
allowed = sum(not too_many(request, "claim", {LIMIT}, 3600) for _ in range({ATTEMPTS_PER_PROCESS}))
print(allowed)
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_processes_share_the_limit(migrated_content, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "quartier.settings.test",
        "DATABASE_URL": database_url(tmp_path),
    }
    start = tmp_path / "start"
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(start)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    time.sleep(2)  # both processes have set Django up and wait
    start.touch()
    allowed = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err[-2000:]
        allowed.append(int(out))
    assert sum(allowed) == LIMIT


@pytest.mark.clock
@pytest.mark.django_db
def test_window_starts_again_after_it_expired(clock_at):
    start = berlin(2026, 11, 26, 3, 0)
    clock_at(start)
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.8")
    other = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    assert [too_many(request, "claim", 2, 60) for _ in range(3)] == [False, False, True]
    assert too_many(other, "claim", 2, 60) is False
    clock_at(start + datetime.timedelta(seconds=61))
    assert [too_many(request, "claim", 2, 60) for _ in range(3)] == [False, False, True]
    # The new window cleared every expired counter, the other client's too.
    assert RateLimitCounter.objects.count() == 1


@pytest.fixture(params=["database", "redis"])
def store(request, settings):
    """Where counts live: the database without a shared cache, Redis with one."""
    if request.param == "redis":
        settings.CACHES = {"default": redis_cache()}
    cache.clear()
    yield request.param
    cache.clear()


@pytest.mark.django_db
def test_an_address_counts_once_however_it_is_written(store):
    spellings = ["Şule.Öz@Example.org", " şule.öz@example.org", "ŞULE.ÖZ@EXAMPLE.ORG"]
    assert [too_many_for(value, "reset", 2, 3600) for value in spellings] == [False, False, True]
    assert too_many_for("ayşe@example.org", "reset", 2, 3600) is False


@pytest.mark.django_db
def test_an_attempt_that_meets_a_window_another_process_opened_is_counted(store, monkeypatch):
    """Between this process's "no open window" and its INSERT, another process
    opens the window with 3 attempts: this attempt is the fourth."""
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.10")
    key = "ratelimit:claim:203.0.113.10"
    expires_at = timezone.now() + datetime.timedelta(hours=1)

    def other_process_first(now):  # runs right before this process's INSERT
        RateLimitCounter.objects.create(key=key, count=3, expires_at=expires_at)

    if store == "redis":
        cache.set(key, 3, timeout=3600)
    else:
        monkeypatch.setattr(ratelimit, "_sweep_expired", other_process_first)
    assert too_many(request, "claim", 3, 3600) is True
    if store == "database":
        assert RateLimitCounter.objects.get(key=key).count == 4


@pytest.mark.django_db
def test_batched_counts_decide_on_the_last_flush_plus_the_process_own(settings):
    settings.COUNTER_FLUSH_SECONDS = 3600
    counters.flush()
    request = RequestFactory().get("/api/search/", REMOTE_ADDR="203.0.113.11")
    key = "ratelimit:search:203.0.113.11"
    expires_at = timezone.now() + datetime.timedelta(minutes=1)
    RateLimitCounter.objects.create(key=key, count=5, expires_at=expires_at)  # other processes
    with CaptureQueriesContext(connection) as queries:
        # This process has not flushed since: it knows only its own attempts.
        assert [too_many(request, "search", 5, 60, batched=True) for _ in range(5)] == [False] * 5
        assert too_many(request, "search", 5, 60, batched=True) is True
    assert queries.captured_queries == []
    counters.flush()
    assert RateLimitCounter.objects.get(key=key).count == 11
    assert too_many(request, "search", 20, 60, batched=True) is False
    assert too_many(request, "search", 11, 60, batched=True) is True
    counters.flush()  # within this test's transaction: nothing pending reaches another test
