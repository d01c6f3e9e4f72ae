"""Profile views counted in Redis (quartier/counters.py): every process adds to
one hash with HINCRBY, one process at a time flushes it into the database,
nothing is lost or counted twice, whichever processes count and flush at once."""

import datetime
import os
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter

import pytest

from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError
from django.test import Client

from freshness import statistics
from freshness.models import BusinessStatistic
from quartier import counters
from quartier.models import SiteSettings

from ..directory.factories import BusinessPageFactory, make_directory
from ..security.test_open_redirect_server import ROOT, database_url
from .test_cache import REDIS_URL, redis_cache
from .test_no_writes import BROWSER, writes_of

VIEW = statistics.Kind.VIEW


@pytest.fixture
def shared(settings):
    settings.CACHES = {"default": redis_cache()}
    settings.COUNTER_FLUSH_SECONDS = 3600
    cache.clear()
    yield counters.shared_client()
    cache.clear()


@pytest.fixture
def business(home_page):
    SiteSettings.load()  # created by the first request otherwise
    return BusinessPageFactory(
        parent=make_directory(home_page), title="Bäckerei Öztürk – Simit & Brötchen"
    )


def views_of(business):
    return sum(
        BusinessStatistic.objects.filter(business=business, kind=VIEW).values_list(
            "count", flat=True
        )
    )


def this_month(business):
    return (business.pk, statistics.month_of(statistics.local_today()), VIEW)


# Each process waits for the start file, then views the profile; with
# COUNTER_FLUSH_SECONDS=0 every view also tries to flush (one process at a time
# gets the lock). Mode "total" flushes what is left and prints the count.
WORKER = """
import os, sys, time
import django
from django.conf import settings
start, location, prefix, mode, url, business_id, views = sys.argv[1:8]
django.setup()
settings.CACHES = {"default": {
    "BACKEND": "quartier.redis_cache.RedisCache",
    "LOCATION": location, "KEY_PREFIX": prefix}}
settings.COUNTER_FLUSH_SECONDS = 0
from django.test import Client
from quartier import counters
from quartier.models import SiteSettings
from freshness.models import BusinessStatistic
assert counters.shared_client() is not None
if mode == "views":
    client = Client()
    while not os.path.exists(start):
        time.sleep(0.01)
    for _ in range(int(views)):
        assert client.get(url, HTTP_USER_AGENT=sys.argv[8]).status_code == 200
else:
    counters.flush()
    rows = BusinessStatistic.objects.filter(business_id=int(business_id), kind="view")
    print(sum(rows.values_list("count", flat=True)))
"""


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_views_in_three_processes_are_counted_exactly(migrated_content, business, shared, tmp_path):
    prefix = f"test-{uuid.uuid4().hex[:8]}"  # the processes' own keys in the test database
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "quartier.settings.test",
        "DATABASE_URL": database_url(tmp_path),
    }
    start = tmp_path / "start"

    def run(mode, views=0):
        arguments = [
            str(start),
            REDIS_URL,
            prefix,
            mode,
            business.url,
            str(business.pk),
            str(views),
        ]
        return subprocess.Popen(
            [sys.executable, "-c", WORKER, *arguments, BROWSER],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    workers = [run("views", 15) for _ in range(3)]
    time.sleep(3)  # every process has set Django up and waits
    start.touch()
    for worker in workers:
        _out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err[-2000:]
    total = run("total")
    out, err = total.communicate(timeout=120)
    assert total.returncode == 0, err[-2000:]
    assert int(out) == 45


def test_counts_and_flushes_in_many_threads_lose_and_double_nothing(shared, monkeypatch):
    """Eight threads count while three flush in a loop. What a flush writes is
    recorded instead of written (threads of a test share no database
    transaction): the Redis side alone must neither lose nor double a count."""
    done = threading.Event()
    flushed = []
    written = Counter()
    record = threading.Lock()

    def write(taken):
        time.sleep(0.002)  # as long as a small transaction, so flushes overlap counts
        with record:
            written.update(taken)

    monkeypatch.setattr(counters, "_write", write)
    key = (4711, datetime.date(2026, 12, 1), VIEW)

    def view(times):
        for _ in range(times):
            counters.add(statistics.COUNTER, key)

    def flush_until_done():
        while not done.is_set():
            flushed.append(counters.flush())

    flushers = [threading.Thread(target=flush_until_done) for _ in range(3)]
    viewers = [threading.Thread(target=view, args=(40,)) for _ in range(8)]
    for thread in flushers + viewers:
        thread.start()
    for thread in viewers:
        thread.join()
    done.set()
    for thread in flushers:
        thread.join()
    flushed.append(counters.flush())
    assert written == {(statistics.COUNTER, key): 320}
    assert sum(flushed) == 320
    assert counters.flush() == 0


@pytest.mark.django_db
def test_a_plain_view_writes_nothing_until_the_flush_is_due(client, business, shared):
    assert writes_of(client, business.url) == []
    assert writes_of(client, "/tr" + business.url) == []
    assert views_of(business) == 0
    assert counters.pending(statistics.COUNTER, this_month(business)) == 2
    # Another process flushed 3601 s ago: the next view flushes all three.
    shared.set(counters._redis_key("flushed_at"), time.time() - 3601)
    assert Client().get(business.url, HTTP_USER_AGENT=BROWSER).status_code == 200
    assert views_of(business) == 3
    assert writes_of(Client(), business.url) == []  # the clock started again


@pytest.mark.django_db
def test_while_another_process_flushes_this_one_does_not(business, shared):
    statistics.count(business.pk, VIEW)
    lock = shared.lock(counters._redis_key("flush_lock"), timeout=60)
    assert lock.acquire(blocking=False)
    assert counters.flush() == 0
    assert views_of(business) == 0
    lock.release()
    assert counters.flush() == 1
    assert views_of(business) == 1


@pytest.mark.django_db
def test_a_failed_flush_keeps_its_counts_for_the_next(business, shared, monkeypatch):
    write = counters._flushers[statistics.COUNTER]

    def locked(amounts):
        raise DatabaseError("database is locked")

    for _ in range(2):
        statistics.count(business.pk, VIEW)
    monkeypatch.setitem(counters._flushers, statistics.COUNTER, locked)
    assert counters.flush() == 0
    statistics.count(business.pk, VIEW)  # counted meanwhile: waits in a new hash
    monkeypatch.setitem(counters._flushers, statistics.COUNTER, write)
    assert counters.flush() == 3
    assert views_of(business) == 3


@pytest.mark.django_db
def test_what_a_dead_flusher_set_aside_is_written_once(business, shared):
    """A flusher renamed the hash aside and died before writing (its lock expired)."""
    for _ in range(4):
        statistics.count(business.pk, VIEW)
    shared.rename(counters._redis_key("pending"), counters._redis_key("flushing"))
    statistics.count(business.pk, VIEW)
    assert counters.flush() == 5
    assert views_of(business) == 5
    assert counters.flush() == 0
    assert views_of(business) == 5


@pytest.mark.django_db
def test_flush_counters_writes_what_redis_holds(business, shared, capsys):
    for _ in range(2):
        statistics.count(business.pk, VIEW)
    statistics.count(business.pk, statistics.Kind.PHONE)
    call_command("flush_counters")
    assert capsys.readouterr().out == "3 count(s) written.\n"
    assert dict(BusinessStatistic.objects.values_list("kind", "count")) == {"view": 2, "phone": 1}


@pytest.mark.django_db
def test_flush_counters_without_redis_says_each_process_writes_its_own(settings, capsys):
    settings.COUNTER_FLUSH_SECONDS = 3600
    call_command("flush_counters")
    assert capsys.readouterr().out == (
        "No Redis cache (REDIS_URL): counts are written by each web process.\n0 count(s) written.\n"
    )


@pytest.mark.django_db
def test_an_unreachable_redis_counts_in_the_process(business, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "quartier.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    settings.COUNTER_FLUSH_SECONDS = 3600
    statistics.count(business.pk, VIEW)
    statistics.count(business.pk, VIEW)
    assert views_of(business) == 0
    assert counters.flush() == 2
    assert views_of(business) == 2


@pytest.mark.django_db
def test_a_count_no_counter_takes_does_not_block_the_flush(business, shared, caplog):
    """A field of an older release's shape (or of a counter since removed) is
    dropped, with a warning; the rest is written."""
    shared.hincrby(counters._redis_key("pending"), '["gone.counter", [1]]', 5)
    shared.hincrby(counters._redis_key("pending"), "not json", 2)
    statistics.count(business.pk, VIEW)
    assert counters.flush() == 1
    assert views_of(business) == 1
    assert [record.getMessage()[:22] for record in caplog.records] == [
        "Dropped 5 count(s) no ",
        "Dropped 2 count(s) no ",
    ]
    assert not shared.exists(counters._redis_key("flushing"))
