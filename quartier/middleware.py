"""Request hygiene shared by every view, and the cached Site."""

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.utils import translation

from .cache import PAGES
from .site_address import update_admin_base_url

REPLACEMENT = "\ufffd"
SITE_SECONDS = 60 * 60  # a safety net; a change moves the generation at once


class ReplaceNulInQueryMiddleware:
    """PostgreSQL refuses NUL characters in strings, SQLite does not: a `%00` in
    a filter or search parameter would turn into a database error on one and
    not the other. Replaced by U+FFFD here, such a value is simply unknown
    everywhere (a clear "unknown ..." message or no match), never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in value for values in request.GET.lists() for value in values[1]
        ):
            cleaned = request.GET.copy()
            for key, values in request.GET.lists():
                cleaned.setlist(key, [value.replace("\x00", REPLACEMENT) for value in values])
            request.GET = cleaned
        return self.get_response(request)


class CachedSiteMiddleware:
    """Wagtail looks up the Site of every request (one query), and routing
    starts from the site's root page in the active language (two or three
    more). Both are kept in the cache per host and language until something
    that every page shows changes (the page cache's site-wide generation moves
    when a site, a locale or a home page changes: quartier/cache_invalidation.py).
    It also keeps Wagtail's WAGTAILADMIN_BASE_URL on the default Site's address.
    It sits inside the page cache: a cached page needs neither."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        update_admin_base_url()
        try:
            host = request.get_host()
        except DisallowedHost:
            return self.get_response(request)
        key = f"quartier:site:{host}:{translation.get_language()}"
        generation, found = PAGES.current_with(key)
        entry = found.get(key)
        if entry is not None and entry[0] == generation:
            request._wagtail_site = entry[1]
            return self.get_response(request)
        response = self.get_response(request)
        # Kept after a page was served (other views, e.g. the APIs, need no site).
        match = getattr(request, "resolver_match", None)
        site = getattr(request, "_wagtail_site", None)
        if site is not None and match is not None and match.url_name == "wagtail_serve":
            root = site.root_page.specific
            if hasattr(root, "remember_localized"):
                root.remember_localized()
            site.root_page = root
            cache.set(key, (generation, site), SITE_SECONDS)
        return response
