"""Counts that requests add to, written to the database in batches: a page
view or a search adds to a buffer in the process, and the first request
after COUNTER_FLUSH_SECONDS (or the process exiting) writes every pending
count in one transaction. So a plain page view
writes nothing, and SQLite's single writer is not taken once per request.

An app registers what a flush does with its counts (`on_flush`); the buffer
keeps {(name, key): amount} until then."""

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, transaction

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_pending = Counter()
_flushers = {}
_state = {"last_flush": time.monotonic()}


def on_flush(name, write):
    """`write(amounts)` stores {key: amount} of counter `name`; it runs
    inside the flush's transaction."""
    _flushers[name] = write


def add(name, key, amount=1):
    """Adds to counter `name` under `key`; flushes when the buffer is due."""
    with _lock:
        _pending[name, key] += amount
    if time.monotonic() - _state["last_flush"] >= settings.COUNTER_FLUSH_SECONDS:
        flush()


def pending(name, key):
    with _lock:
        return _pending.get((name, key), 0)


def flush():
    """Writes every pending count; counts that fail to write stay pending
    for the next flush (a locked database loses nothing)."""
    with _lock:
        taken = dict(_pending)
        _pending.clear()
        _state["last_flush"] = time.monotonic()
    if not taken:
        return 0
    by_name = {}
    for (name, key), amount in taken.items():
        by_name.setdefault(name, {})[key] = amount
    try:
        with transaction.atomic():
            for name, amounts in by_name.items():
                _flushers[name](amounts)
    except DatabaseError:
        logger.warning("Counts not written, kept for the next flush", exc_info=True)
        with _lock:
            _pending.update(taken)
        return 0
    return sum(taken.values())


def _flush_at_exit():
    try:
        flush()
    except Exception:  # noqa: BLE001  (the interpreter is ending; nothing to tell)
        logger.warning("Counts lost at exit", exc_info=True)


atexit.register(_flush_at_exit)
