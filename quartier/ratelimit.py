"""Per-client rate limits for public forms and APIs, shared by every process
and machine. The window starts with a client's first attempt.

- With a shared cache (Redis, REDIS_URL), counts live there: one atomic
  INCR per attempt, nothing in the database.
- Without one, counts live in the database (quartier.RateLimitCounter): a
  local-memory cache would count per process, and Django's database cache
  increments by read-then-write, which two processes can interleave. A form
  (`too_many`, a POST that writes anyway) counts each attempt at once, in
  one transaction; an API that answers GETs (`too_many(..., batched=True)`)
  adds to the process's buffer (quartier.counters), written with the next
  flush, and decides on the count of the last flush plus its own since: a
  search writes nothing itself, at the price of a limit that other
  processes' attempts reach up to COUNTER_FLUSH_SECONDS late."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from . import counters
from .models import RateLimitCounter

COUNTER = "quartier.ratelimit"
SHARED_CACHES = ("RedisCache", "PyMemcacheCache", "PyLibMCCache")
# The site-wide DELETE of expired counters runs at most this often per process.
EXPIRED_SWEEP_SECONDS = 60

_known = {}  # batched keys: (count, window's end) as their last flush read back
_sweep = {"last": None}


def client_address(request):
    """The visitor's address. Behind NUM_PROXIES reverse proxies, each of which
    appends the address it was contacted from to X-Forwarded-For, it is the
    entry that many places from the right; entries further left were sent by
    the client and could be forged. Also django-axes' client address."""
    proxies = getattr(settings, "NUM_PROXIES", 0)
    if proxies > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def too_many(request, scope, limit, window_seconds, batched=False):
    """Counts this attempt; True when the client has made more than `limit`
    attempts in `scope` within the window. A limit of 0 or less turns it off."""
    key = f"ratelimit:{scope}:{client_address(request)}"
    return _count(key, limit, window_seconds, batched=batched)


def too_many_for(value, scope, limit, window_seconds):
    """As too_many(), counted per `value` (e.g. an email address, compared
    without case) instead of per client. The key holds a keyed hash of it
    (HMAC with SECRET_KEY), so no store keeps a guessable address."""
    digest = salted_hmac("quartier.ratelimit", value.strip().lower(), algorithm="sha256")
    return _count(f"ratelimit:{scope}:{digest.hexdigest()}", limit, window_seconds)


def has_shared_cache():
    backend = settings.CACHES["default"]["BACKEND"]
    return backend.rsplit(".", 1)[-1] in SHARED_CACHES


def _count(key, limit, window_seconds, batched=False):
    if limit <= 0:
        return False
    if has_shared_cache():
        return _count_in_cache(key, window_seconds) > limit
    if batched:
        counters.add(COUNTER, (key, window_seconds))
        flushed, expires_at = _known.get(key, (0, None))
        if expires_at is not None and expires_at <= timezone.now():
            flushed = 0  # that window is over
        return flushed + counters.pending(COUNTER, (key, window_seconds)) > limit
    with transaction.atomic():
        return _add(key, 1, window_seconds)[0] > limit


def _count_in_cache(key, window_seconds):
    """One atomic increment; the key expires with its window."""
    cache.add(key, 0, timeout=window_seconds)  # a no-op when the window is open
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.add(key, 1, timeout=window_seconds)
        return 1


def _add(key, amount, window_seconds):
    """Adds `amount` attempts under `key` in the caller's transaction and
    returns the window's count and end. The increment is one UPDATE and the read
    follows in the same transaction, which holds the row (PostgreSQL) or the
    database (SQLite) until it ends: no attempt is lost or counted twice,
    whichever processes try at once."""
    now = timezone.now()
    counters_ = RateLimitCounter.objects.filter(key=key)
    if not counters_.filter(expires_at__gt=now).update(count=F("count") + amount):
        # A new window: this key's expired counter goes, and now and then everyone else's.
        counters_.filter(expires_at__lte=now).delete()
        _sweep_expired(now)
        expires_at = now + datetime.timedelta(seconds=window_seconds)
        try:
            with transaction.atomic():
                RateLimitCounter.objects.create(key=key, count=amount, expires_at=expires_at)
        except IntegrityError:  # another process opened the window first
            counters_.update(count=F("count") + amount)
    return counters_.values_list("count", "expires_at").get()


def _sweep_expired(now):
    last = _sweep["last"]
    if last is not None and 0 <= (now - last).total_seconds() < EXPIRED_SWEEP_SECONDS:
        return
    _sweep["last"] = now
    try:
        with transaction.atomic():
            RateLimitCounter.objects.filter(expires_at__lte=now).delete()
    except DatabaseError:  # another process deleting the same rows: theirs to finish
        pass


def write_batched(amounts):
    """Flushes {(key, window): amount} and keeps each key's new count and end."""
    for (key, window_seconds), amount in amounts.items():
        _known[key] = _add(key, amount, window_seconds)
