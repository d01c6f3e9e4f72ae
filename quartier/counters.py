"""Counts that requests add to, written to the database in batches, so a plain
page view writes nothing and SQLite's single writer is not taken per request.

- With Redis as the default cache (REDIS_URL), a count is one atomic HINCRBY
  on a hash that every process shares. The first request after
  COUNTER_FLUSH_SECONDS since the last flush (of any process), or
  `manage.py flush_counters`, flushes: under a Redis lock (one flusher at a
  time) it renames the hash aside (RENAME is atomic: increments after it
  start a new hash), writes the sums in one transaction and deletes what it
  wrote. A flush that fails leaves the renamed hash for the next one. A web
  process that dies loses nothing; only Redis losing its data loses the
  counts not yet flushed.
- Without Redis, a count adds to a buffer in the process, and the first
  request after COUNTER_FLUSH_SECONDS (or the process exiting) writes that
  process's counts in one transaction. A killed worker loses its unflushed
  counts. So does a process whose Redis is unreachable: its counts wait in
  its own buffer meanwhile.

An app registers what a flush does with its counts (`on_flush`)."""

import atexit
import datetime
import json
import logging
import threading
import time
from collections import Counter

import redis

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

# Longer than any flush's transaction may take (SQLite's busy timeout included):
# a second flusher starts only when the first has finished or died.
FLUSH_LOCK_SECONDS = 300

_lock = threading.Lock()
_pending = Counter()
_flushers = {}
_state = {"last_flush": time.monotonic()}


def on_flush(name, write):
    """`write(amounts)` stores {key: amount} of counter `name`; it runs
    inside the flush's transaction. Keys are tuples of ints, strings and dates."""
    _flushers[name] = write


def add(name, key, amount=1):
    """Adds to counter `name` under `key`; flushes when a flush is due."""
    client = shared_client()
    if client is not None:
        try:
            _add_shared(client, name, key, amount)
            return
        except redis.RedisError:
            logger.warning("Redis unreachable: counting in this process", exc_info=True)
    with _lock:
        _pending[name, key] += amount
    if time.monotonic() - _state["last_flush"] >= settings.COUNTER_FLUSH_SECONDS:
        flush()


def pending(name, key):
    """What is counted under `key` and not flushed yet: this process's own
    without Redis, every process's with it."""
    with _lock:
        local = _pending.get((name, key), 0)
    client = shared_client()
    if client is None:
        return local
    return local + int(client.hget(_redis_key("pending"), _field(name, key)) or 0)


def flush():
    """Writes what is pending and returns how many counts it wrote; counts
    that fail to write stay pending for the next flush (a locked database
    loses nothing). With Redis, 0 while another process flushes."""
    written = _flush_local()
    client = shared_client()
    if client is not None:
        try:
            written += _flush_shared(client)
        except redis.RedisError:
            logger.warning("Redis unreachable: shared counts not flushed", exc_info=True)
    return written


def shared_client():
    """The redis-py client of the default cache when it is Redis, else None."""
    if isinstance(caches["default"], DjangoRedisCache):  # ours (quartier.redis_cache) too
        return cache._cache.get_client(write=True)
    if settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache":
        return cache.client.get_client(write=True)
    return None


def _write(taken):
    """{(name, key): amount} into the database, in one transaction."""
    by_name = {}
    for (name, key), amount in taken.items():
        by_name.setdefault(name, {})[key] = amount
    with transaction.atomic():
        for name, amounts in by_name.items():
            _flushers[name](amounts)


def _flush_local():
    with _lock:
        taken = dict(_pending)
        _pending.clear()
        _state["last_flush"] = time.monotonic()
    if not taken:
        return 0
    try:
        _write(taken)
    except DatabaseError:
        logger.warning("Counts not written, kept for the next flush", exc_info=True)
        with _lock:
            _pending.update(taken)
        return 0
    return sum(taken.values())


# --- Redis ---------------------------------------------------------------------


def _redis_key(part):
    return cache.make_key(f"counters:{part}")


def _field(name, key):
    parts = [
        {"date": part.isoformat()} if isinstance(part, datetime.date) else part for part in key
    ]
    return json.dumps([name, parts], ensure_ascii=False)


def _unfield(field):
    name, parts = json.loads(field)
    key = tuple(
        datetime.date.fromisoformat(part["date"]) if isinstance(part, dict) else part
        for part in parts
    )
    return name, key


def _readable(fields):
    """{(name, key): amount} of a hash's fields. A field that no registered
    counter can take (its counter gone, its key's shape changed by a release)
    is dropped with a warning, or it would block every flush after it."""
    taken = {}
    for field, amount in fields.items():
        try:
            name, key = _unfield(field)
        except (ValueError, TypeError, KeyError):
            name = None
        if name not in _flushers:
            logger.warning("Dropped %s count(s) no counter takes: %r", int(amount), field[:200])
            continue
        taken[name, key] = int(amount)
    return taken


def _add_shared(client, name, key, amount):
    period = settings.COUNTER_FLUSH_SECONDS
    pipe = client.pipeline(transaction=False)
    pipe.hincrby(_redis_key("pending"), _field(name, key), amount)
    pipe.get(_redis_key("flushed_at"))
    _count, flushed_at = pipe.execute()
    if flushed_at is None and period > 0:
        client.set(
            _redis_key("flushed_at"), time.time(), nx=True
        )  # the first count starts the clock
    elif flushed_at is None or time.time() - float(flushed_at) >= period:
        flush()


def _flush_shared(client):
    lock = client.lock(_redis_key("flush_lock"), timeout=FLUSH_LOCK_SECONDS, blocking=False)
    if not lock.acquire():
        return 0  # another process is flushing
    try:
        client.set(_redis_key("flushed_at"), time.time())
        written = 0
        # At most two rounds: what a failed flush left aside, then what is pending.
        for _round in range(2):
            if not client.exists(_redis_key("flushing")):
                try:
                    client.rename(_redis_key("pending"), _redis_key("flushing"))
                except redis.ResponseError:  # no such key: nothing counted since
                    break
            taken = _readable(client.hgetall(_redis_key("flushing")))
            try:
                _write({item: amount for item, amount in taken.items() if amount})
            except DatabaseError:
                logger.warning(
                    "Counts not written, kept in Redis for the next flush", exc_info=True
                )
                break
            client.delete(_redis_key("flushing"))
            written += sum(taken.values())
        return written
    finally:
        try:
            lock.release()
        except redis.exceptions.LockError:  # held past its timeout: another flusher has it
            logger.warning("Counter flush outlasted its lock (%ss)", FLUSH_LOCK_SECONDS)


def _flush_at_exit():
    try:
        _flush_local()
    except Exception:  # noqa: BLE001  (the interpreter is ending; nothing to tell)
        logger.warning("Counts lost at exit", exc_info=True)


atexit.register(_flush_at_exit)
