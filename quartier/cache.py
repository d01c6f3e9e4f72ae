"""Anonymous page cache: public Wagtail pages are served from the Django cache
(Redis when REDIS_URL is set, local memory otherwise) to visitors without a
session; a change drops the pages that show it.

How a page stays correct:
- Only anonymous GET/HEAD requests without a session or messages cookie are
  served from the cache; POST and logged-in users always reach the view.
- Only 200 responses of Wagtail's page view are stored, and none that set a
  cookie or ask not to be cached.
- Forms keep working: the CSRF token in a cached page is replaced, on every
  hit, by a fresh token for this visitor (and the CSRF cookie is set as usual).
- Publishing, unpublishing, moving or deleting a page, and saving a snippet,
  drops what that object declares in `cache_dependent_urls()`
  (quartier/cache_invalidation.py): each path has a generation of its own, and
  an entry is valid while neither its path's generation nor the site-wide one
  (for what every page shows) moved. With the local-memory cache a generation is
  a file's modification time, so that all gunicorn workers and management
  commands on one machine share it.
"""

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path

from asgiref.local import Local

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac

from .clock import local_today

# Derived from SECRET_KEY, so that no text an owner or a visitor types can
# contain it (a fixed word in a title would be replaced by each visitor's token
# on cached hits); the same in every process that shares the cache.
CSRF_PLACEHOLDER = "__csrf_" + salted_hmac("quartier.cache.csrf", "placeholder").hexdigest()
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{32,128})"')
MAX_QUERY_LENGTH = 500
MAX_BODY_BYTES = 2 * 1024 * 1024
BYPASS_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/", "/i18n/", "/healthz/")


def without_csrf_tokens(text):
    """(`text` with each form's CSRF token replaced by a placeholder, whether it
    had any): what is cached must never carry one visitor's token to another."""
    tokens = set(CSRF_INPUT.findall(text))
    for token in tokens:
        text = text.replace(token, CSRF_PLACEHOLDER)
    return text, bool(tokens)


def with_csrf_token(content, request):
    """`content` (text or bytes) from `without_csrf_tokens`, with this visitor's
    own token in place of the placeholder; get_token() also has the CSRF cookie
    set on the response. Content without the placeholder is returned as it is."""
    placeholder = CSRF_PLACEHOLDER if isinstance(content, str) else CSRF_PLACEHOLDER.encode()
    if placeholder not in content:
        return content
    token = get_token(request)
    return content.replace(placeholder, token if isinstance(content, str) else token.encode())


def cache_seconds():
    return getattr(settings, "PAGE_CACHE_SECONDS", 60)


def uses_local_memory():
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return backend.endswith("LocMemCache")


def generation_file():
    configured = getattr(settings, "PAGE_CACHE_GENERATION_FILE", None)
    if configured:
        return Path(configured)
    database = str(settings.DATABASES["default"].get("NAME", ""))
    digest = hashlib.sha256(f"{settings.BASE_DIR}|{database}".encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"quartier-page-cache-{digest}.generation"


# What one request has read from the shared cache and may read again: the
# generations and what is kept under them (locales, private sections, the
# site's address). With Redis each read is a round trip, and a page asked for
# the site-wide generation a dozen times. Filled between request_started and
# request_finished only (quartier.signal_handlers); a management command or a
# task reads the cache every time, as before.
_request = Local()


def begin_request(**_kwargs):
    _request.memo = {}


def end_request(**_kwargs):
    _request.memo = None


def per_request(key, compute):
    """compute() once per request under `key` (every time outside a request)."""
    memo = getattr(_request, "memo", None)
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def forget_in_request(key):
    memo = getattr(_request, "memo", None)
    if memo is not None:
        memo.pop(key, None)


def _remember_in_request(key, value):
    memo = getattr(_request, "memo", None)
    if memo is not None:
        memo[key] = value


class SharedGeneration:
    """A generation number that every process of this deployment sees, so that
    one process can tell all others that what they cached is stale: a key in
    the shared cache (Redis), or, with the per-process local-memory cache, the
    modification time of a file on this machine. Read once per request (a
    bump in this process reads it again)."""

    def __init__(self, name):
        self.name = name
        self.key = f"{name}:generation"

    def path(self):
        base = generation_file()
        return base if self.name == "pagecache" else base.with_name(f"{base.name}.{self.name}")

    def current(self):
        return per_request(self.key, self._read)

    def current_with(self, *keys):
        """(the generation, {key: what the cache holds} for `keys`): with Redis
        in one round trip when this request has not read the generation yet."""
        memo = getattr(_request, "memo", None) or {}
        if uses_local_memory() or self.key in memo:
            return self.current(), cache.get_many(keys)
        found = cache.get_many([self.key, *keys])
        _remember_in_request(self.key, str(found.pop(self.key, 0)))
        return self.current(), found

    def _read(self):
        if uses_local_memory():
            try:
                return str(os.stat(self.path()).st_mtime_ns)
            except OSError:
                return "0"
        return str(cache.get(self.key, 0))

    def bump_now_and_at_commit(self):
        """Moves now, and once more when the transaction commits, so that a
        request that read the old rows meanwhile cannot keep them."""
        self.bump()
        transaction.on_commit(self.bump)

    def bump(self):
        forget_in_request(self.key)
        if uses_local_memory():
            path = self.path()
            try:
                path.touch()
                current = os.stat(path).st_mtime_ns
                # Two bumps within the file system's time resolution must still differ.
                os.utime(path, ns=(current + 1000, current + 1000))
            except OSError:
                cache.clear()
        else:
            try:
                cache.incr(self.key)
            except ValueError:
                # A lost key restarts from the clock, never from a number in use before.
                cache.set(self.key, time.time_ns(), timeout=None)


PAGES = SharedGeneration("pagecache")
# Moves on every change to what any page or search result shows (each
# cache_invalidation.drop_urls, each search index write): what is cached for
# the site's content as a whole, such as search results, goes stale with it.
CHANGES = SharedGeneration("changes")


# Moves when a reference table changes (categories, districts, languages):
# what every process keeps from them (facet names, the category words) goes
# stale with it. A deletion in one process reaches only its own local-memory
# cache; a generation reaches every worker.
REFERENCES = SharedGeneration("references")
REFERENCE_SECONDS = 24 * 60 * 60  # kept this long at most under one generation


def note_reference_change():
    """A category, district or language changed."""
    REFERENCES.bump_now_and_at_commit()


def note_change():
    """Something the site shows changed (search results go stale)."""
    CHANGES.bump_now_and_at_commit()


GENERATION_KEY = PAGES.key
PATH_KEY_PREFIX = "pagecache:path:"


def path_key(path):
    return PATH_KEY_PREFIX + hashlib.sha256(path.encode()).hexdigest()[:32]


def path_generation_file(path):
    base = generation_file()
    digest = hashlib.sha256(path.encode()).hexdigest()[:32]
    return base.with_name(f"{base.name}.paths") / digest


def invalidate_all(**_kwargs):
    """Drops every cached page (by moving to a new generation)."""
    PAGES.bump()


def path_generation(path):
    """Local-memory cache only: the generation of one path, shared by the workers
    on this machine as a file's modification time ("0": never dropped)."""
    try:
        return str(os.stat(path_generation_file(path)).st_mtime_ns)
    except OSError:
        return "0"


def content_generation(path):
    """The generation of what is shown at `path`: it moves when every page or
    this path is dropped (fragments cached with it go stale with the page)."""
    if uses_local_memory():
        return f"{PAGES.current()}:{path_generation(path)}"
    by_path = path_key(path)
    generation, found = PAGES.current_with(by_path)
    return f"{generation}:{found.get(by_path, 0)}"


def request_generation(request):
    """`content_generation` of the requested path, read once per request: the
    route cache, the content cache and the language links all key on it."""
    generation = getattr(request, "_quartier_content_generation", None)
    if generation is None:
        generation = content_generation(request.path)
        request._quartier_content_generation = generation
    return generation


def _cookie_names():
    return {settings.SESSION_COOKIE_NAME, "messages"}


def is_cacheable_request(request):
    if request.method not in ("GET", "HEAD") or cache_seconds() <= 0:
        return False
    if request.path.startswith(BYPASS_PREFIXES):
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not (_cookie_names() & set(request.COOKIES))


def request_key(prefix, request, *extra):
    """`prefix` and a digest of what a page's content depends on: host, scheme,
    language, path with query string and the site's date (what a page shows can
    end at midnight, a position's last day, so nothing cached yesterday is
    served today), plus `extra`."""
    raw = "|".join(
        (
            request.get_host(),
            request.scheme,
            translation.get_language() or "",
            request.get_full_path(),
            local_today().isoformat(),
            *extra,
        )
    )
    return prefix + hashlib.sha256(raw.encode()).hexdigest()


def page_key(request):
    return request_key("pagecache:page:", request)


def is_cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "wagtail_serve":
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    return len(response.content) <= MAX_BODY_BYTES


class AnonymousPageCacheMiddleware:
    """Must come last in MIDDLEWARE, so that security headers, the CSP, the CSRF
    cookie and the language redirect are applied to cached pages as to fresh ones."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                # Pages for one account: no shared cache (proxy, CDN) may keep them.
                patch_cache_control(response, private=True)
            return response

        key = page_key(request)
        # Valid while neither every page nor this path (any query string) was dropped.
        if uses_local_memory():
            generation = f"{PAGES.current()}:{path_generation(request.path)}"
            entry = cache.get(key)
        else:
            by_path = path_key(request.path)
            site_wide, found = PAGES.current_with(by_path, key)
            generation = f"{site_wide}:{found.get(by_path, 0)}"
            entry = found.get(key)
        if entry is not None and entry["generation"] == generation:
            return self.from_entry(request, entry)

        response = self.get_response(request)
        if request.method == "GET" and is_cacheable_response(request, response):
            stored = self.to_entry(request, response, generation)
            if stored is not None:
                cache.set(key, stored, cache_seconds())
        response["X-Cache"] = "MISS"
        return response

    @staticmethod
    def to_entry(request, response, generation):
        content = response.content
        uses_csrf = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        if uses_csrf:
            charset = response.charset or "utf-8"
            text, had_token = without_csrf_tokens(content.decode(charset))
            if not had_token:
                return None  # a token we cannot find would go stale: do not cache
            content = text.encode(charset)
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in {"set-cookie", "content-length", "x-cache"}
        ]
        return {
            "generation": generation,
            "status": response.status_code,
            "headers": headers,
            "content": content,
            "csrf": uses_csrf,
        }

    @staticmethod
    def from_entry(request, entry):
        content = entry["content"]
        if entry["csrf"]:
            content = with_csrf_token(content, request)
        response = HttpResponse(content, status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Cache"] = "HIT"
        return response
