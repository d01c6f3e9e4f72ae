"""Per-client rate limits for public forms and APIs, counted in the database
(quartier.RateLimitCounter), so that every process and machine shares the
count, with or without Redis: a local-memory cache counts per process, and
Django's database cache increments by read-then-write, which two processes
can interleave. The window starts with a client's first attempt."""

import datetime

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import RateLimitCounter


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


def too_many(request, scope, limit, window_seconds):
    """Counts this attempt; True when the client has made more than `limit`
    attempts in `scope` within the window. A limit of 0 or less turns it off."""
    return _count(f"ratelimit:{scope}:{client_address(request)}", limit, window_seconds)


def too_many_for(value, scope, limit, window_seconds):
    """As too_many(), counted per `value` (e.g. an email address, compared
    without case) instead of per client. The cache key holds a keyed hash of
    it (HMAC with SECRET_KEY), so the cache stores no guessable address."""
    digest = salted_hmac("quartier.ratelimit", value.strip().lower(), algorithm="sha256")
    digest = digest.hexdigest()
    return _count(f"ratelimit:{scope}:{digest}", limit, window_seconds)


def _count(key, limit, window_seconds):
    """Adds one attempt under `key`; True past `limit`. The increment is one
    UPDATE and the read follows in the same transaction, which holds the row
    (PostgreSQL) or the database (SQLite) until it ends: no attempt is lost or
    counted twice, whichever processes try at once."""
    if limit <= 0:
        return False
    now = timezone.now()
    with transaction.atomic():
        counters = RateLimitCounter.objects.filter(key=key)
        if not counters.filter(expires_at__gt=now).update(count=F("count") + 1):
            # A new window: this key's expired counter goes, and everyone else's.
            counters.filter(expires_at__lte=now).delete()
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.filter(expires_at__lte=now).delete()
            except DatabaseError:  # another process deleting the same rows: theirs to finish
                pass
            expires_at = now + datetime.timedelta(seconds=window_seconds)
            try:
                with transaction.atomic():
                    RateLimitCounter.objects.create(key=key, count=1, expires_at=expires_at)
            except IntegrityError:  # another process opened the window first
                counters.update(count=F("count") + 1)
        attempts = counters.values_list("count", flat=True).get()
    return attempts > limit
