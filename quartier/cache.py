"""Anonymous page cache: public Wagtail pages are served from the Django cache
(Redis when REDIS_URL is set, local memory otherwise) to visitors without a
session, and every cached page is dropped when content changes.

How a page stays correct:
- Only anonymous GET/HEAD requests without a session or messages cookie are
  served from the cache; POST and logged-in users always reach the view.
- Only 200 responses of Wagtail's page view are stored, and none that set a
  cookie or ask not to be cached.
- Forms keep working: the CSRF token in a cached page is replaced, on every
  hit, by a fresh token for this visitor (and the CSRF cookie is set as usual).
- Publishing, unpublishing, moving or deleting a page, and saving any of our own
  models (districts, categories, registrations, settings …), bumps a generation
  number that is part of every key, so all cached pages expire at once. With the
  local-memory cache the generation is a file's modification time, so that all
  gunicorn workers and management commands on one machine share it.
"""

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from .clock import local_today

CSRF_PLACEHOLDER = "__QUARTIER_CSRF_TOKEN__"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{32,128})"')
MAX_QUERY_LENGTH = 500
MAX_BODY_BYTES = 2 * 1024 * 1024
BYPASS_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/", "/i18n/", "/healthz/")
# Saving these apps' models changes what public pages show.
CONTENT_APPS = {"quartier", "directory", "blog", "wagtailcore", "wagtailimages", "taggit"}
# …except these, which are written while serving or never shown.
IGNORED_MODELS = {
    "directory.geocodecache",
    "directory.businessclaim",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.taskstate",
    "wagtailcore.workflowstate",
    "wagtailcore.pagesubscription",
    "wagtailcore.referenceindex",
    "wagtailcore.revision",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailimages.rendition",
    "quartier.customrendition",
}


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


class SharedGeneration:
    """A generation number that every process of this deployment sees, so that
    one process can tell all others that what they cached is stale: a key in
    the shared cache (Redis), or, with the per-process local-memory cache, the
    modification time of a file on this machine."""

    def __init__(self, name):
        self.name = name
        self.key = f"{name}:generation"

    def path(self):
        base = generation_file()
        return base if self.name == "pagecache" else base.with_name(f"{base.name}.{self.name}")

    def current(self):
        if uses_local_memory():
            try:
                return str(os.stat(self.path()).st_mtime_ns)
            except OSError:
                return "0"
        return str(cache.get(self.key, 0))

    def bump(self):
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
GENERATION_KEY = PAGES.key


def invalidate_all(**_kwargs):
    """Drops every cached page (by moving to a new generation)."""
    PAGES.bump()


def _on_model_change(sender, instance=None, **kwargs):
    label = sender._meta.label_lower
    if sender._meta.app_label in CONTENT_APPS and label not in IGNORED_MODELS:
        invalidate_all()


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


def page_key(request):
    # The site's date is part of the key: what a page shows can end at midnight
    # (a position's last day), so no page cached yesterday is served today.
    raw = "|".join(
        (
            request.get_host(),
            request.scheme,
            translation.get_language() or "",
            request.get_full_path(),
            local_today().isoformat(),
        )
    )
    return "pagecache:page:" + hashlib.sha256(raw.encode()).hexdigest()


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
            return self.get_response(request)

        key = page_key(request)
        if uses_local_memory():
            generation = PAGES.current()
            entry = cache.get(key)
        else:
            found = cache.get_many([GENERATION_KEY, key])
            generation = str(found.get(GENERATION_KEY, 0))
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
            text = content.decode(response.charset or "utf-8")
            tokens = set(CSRF_INPUT.findall(text))
            if not tokens:
                return None  # a token we cannot find would go stale: do not cache
            for token in tokens:
                text = text.replace(token, CSRF_PLACEHOLDER)
            content = text.encode(response.charset or "utf-8")
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
            content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
        response = HttpResponse(content, status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["X-Cache"] = "HIT"
        return response


class PageCacheConfig(AppConfig):
    """Connects the invalidation signals in every process (web workers,
    management commands, scripts), not only where the middleware runs."""

    name = "quartier.cache"
    label = "quartier_cache"
    verbose_name = "Quartier: Seiten-Cache"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from wagtail.signals import page_published, page_unpublished, post_page_move

        uid = "quartier.cache."
        page_published.connect(invalidate_all, dispatch_uid=uid + "published")
        page_unpublished.connect(invalidate_all, dispatch_uid=uid + "unpublished")
        post_page_move.connect(invalidate_all, dispatch_uid=uid + "moved")
        post_save.connect(_on_model_change, dispatch_uid=uid + "saved")
        post_delete.connect(_on_model_change, dispatch_uid=uid + "deleted")
