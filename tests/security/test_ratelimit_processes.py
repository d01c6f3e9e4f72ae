"""Rate limits hold across processes without Redis: two Python processes
(as two gunicorn workers) count against the same database, and together
they let through exactly the limit."""

import datetime
import os
import subprocess
import sys
import time

import pytest

from django.test import RequestFactory

from quartier.models import RateLimitCounter
from quartier.ratelimit import too_many

from ..clock import berlin
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


@pytest.mark.django_db(transaction=True)
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
