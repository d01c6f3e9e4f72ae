"""Search results cache: a backend's answer to one request (RawResults: page
ids and scores of the requested page, the total and the facet counts) is
kept for PAGE_CACHE_SECONDS under the generation of the site's content
(quartier.cache.CHANGES, moved by every publication and every write to the
search indexes), so a search that somebody asked since the last change costs
no Elasticsearch request and no scan of the text table. A page unpublished
or restricted since is never shown: that change moves the generation.

The key holds the backend, the whole request (words, filters, kinds, sort,
page) and the site's date, or with "open now" its minute; a search for a
given moment (`when`) is never cached. The search API's whole answer is kept
the same way (`cached_answer`), as the search page's main content is
(quartier/fragments.py). Setting SEARCH_RESULTS_CACHE (default on; off as
well when PAGE_CACHE_SECONDS is 0)."""

import dataclasses
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model

from quartier.cache import CHANGES, cache_seconds, request_key
from quartier.clock import local_now

KEY_PREFIX = "search:results:"
ANSWER_PREFIX = "search:answer:"


def enabled():
    return getattr(settings, "SEARCH_RESULTS_CACHE", True) and cache_seconds() > 0


def _text(value):
    if isinstance(value, Model):
        return f"{value._meta.label}:{value.pk}"
    return repr(value)


def request_fingerprint(search_request):
    """The parts of a search request that its results depend on, as text."""
    filters = search_request.filters
    names = (
        [field.name for field in dataclasses.fields(filters)]
        if dataclasses.is_dataclass(filters)
        else sorted(vars(filters))
    )
    return [
        search_request.query,
        repr(search_request.kinds),
        search_request.sort,
        str(search_request.page),
        str(search_request.per_page),
        *(f"{name}={_text(getattr(filters, name))}" for name in names if name != "errors"),
    ]


def results_generation(open_now=False):
    """What every search result depends on besides the request: the site's
    content, and its date (positions end at midnight) or, with "open now",
    its minute."""
    now = local_now()
    moment = now.strftime("%Y-%m-%dT%H:%M") if open_now else now.date().isoformat()
    return f"{CHANGES.current()}|{moment}"


def results_key(backend_name, search_request):
    generation = results_generation(search_request.filters.open_now)
    raw = "|".join((backend_name, generation, *request_fingerprint(search_request)))
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


def cached_search(backend, search_request):
    """`backend.search(search_request)`, from the cache when the same request
    was answered since the last change."""
    if search_request.when is not None or not enabled():
        return backend.search(search_request)
    key = results_key(backend.name, search_request)
    return cache.get_or_set(key, lambda: backend.search(search_request), cache_seconds())


def cached_answer(request, open_now, build):
    """The text `build()` makes for this request (the search API's JSON), kept
    like the results: under the request's path, query string and language and
    the results' generation, so a publication or an index write gives a fresh
    answer at once."""
    if not enabled():
        return build()
    key = request_key(ANSWER_PREFIX, request, results_generation(open_now))
    return cache.get_or_set(key, build, cache_seconds())
