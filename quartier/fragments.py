"""The main content of a public page, cached for everyone (issue #17).

The anonymous page cache (quartier/cache.py) serves whole pages, but only to
visitors without a session. Signed-in shopkeepers and editors, and every
visitor right after a publication, would pay for the whole rendering. So the
part of a page between header and footer (`{% block content %}` in base.html)
is cached too, for every visitor, under the page's own content generation: it
goes stale exactly when the page cache would drop the page (publishing what the
page shows, see quartier/cache_invalidation.py), after PAGE_CACHE_SECONDS at
most (what "open now" may lag), and at midnight.

The page's context stays lazy where it is expensive (`lazy`), so that a hit
runs none of its queries. What is personal stays out: the fragment holds no
user data (the header, the messages and Wagtail's user bar are outside it), a
form's CSRF token is swapped for the visitor's own on every hit, and previews,
POSTs (a form shown with its errors) and over-long query strings are always
rendered afresh, and so is every page below a view restriction.
"""

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.utils.functional import SimpleLazyObject, empty

from .cache import (
    CSRF_INPUT,
    CSRF_PLACEHOLDER,
    MAX_QUERY_LENGTH,
    cache_seconds,
    request_generation,
    request_key,
)
from .restrictions import restricted_paths

KEY_PREFIX = "fragment:content:"


class LazyValue(SimpleLazyObject):
    """A proxy to the value of `build()`, computed on first use. Templates call
    it (Django calls callables in variables) and so work on the value itself:
    filters such as `json_script` or `%` get a list or a number, not a proxy."""

    def __call__(self):
        if self._wrapped is empty:
            self._setup()
        return self._wrapped


def lazy(build):
    """A context value computed on first use only (a cached fragment never
    uses it)."""
    return LazyValue(build)


def enabled():
    return getattr(settings, "CONTENT_FRAGMENT_CACHE", True) and cache_seconds() > 0


def fragment_key(request, page=None):
    """The cache key of the main content of this request, or None when it must
    be rendered afresh. Cached: Wagtail's page view for a page outside view
    restrictions (under the page's content generation, which the page cache's
    invalidation moves), and a view that names a generation of its own in
    `request.content_generation` (the search page); not the forms' own views."""
    if request is None or request.method != "GET" or not enabled():
        return None
    if getattr(request, "is_preview", False):
        return None
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_LENGTH:
        return None
    generation = getattr(request, "content_generation", None)
    if generation is None:
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name != "wagtail_serve":
            return None
        if page is None or is_restricted(page):
            return None
        generation = request_generation(request)
    return request_key(KEY_PREFIX, request, generation)


def is_restricted(page):
    """A page below a view restriction (login, group or password): its content
    is never cached, so no visitor can be served what another was allowed to see."""
    path = getattr(page, "path", None)
    return path is None or any(path.startswith(private) for private in restricted_paths())


def cached_content(request, page, render):
    """The HTML of `render()` for this request's `page` (or view), from the
    cache when nothing it shows has changed since."""
    key = fragment_key(request, page)
    if key is None:
        return render()
    stored = cache.get(key)
    if stored is None:
        html = render()
        tokens = set(CSRF_INPUT.findall(html))
        text = html
        for token in tokens:
            text = text.replace(token, CSRF_PLACEHOLDER)
        cache.set(key, text, cache_seconds())
        return html
    if CSRF_PLACEHOLDER in stored:
        stored = stored.replace(CSRF_PLACEHOLDER, get_token(request))
    return stored


def lazy_context(keys, build):
    """`keys` of the dict that `build()` returns, each lazy; `build` runs once,
    on the first use of any of them."""
    built = lazy(build)
    return {key: lazy(lambda key=key: built[key]) for key in keys}
