"""Per-client rate limits for public forms and APIs, counted in the Django cache
(Redis with REDIS_URL, so all processes share the count; local memory counts
per process). The window starts with a client's first attempt."""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


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
    if limit <= 0:
        return False
    cache.add(key, 0, window_seconds)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window_seconds)
        attempts = 1
    return attempts > limit
