"""Private sections (Wagtail's page view restrictions), read once per content
generation instead of on every call: Wagtail's `PageQuerySet.public()` and its
serve-time check ask the database each time, several times per page. A change
of a restriction drops every cached page and moves the generation
(quartier/cache_invalidation.py)."""

from django.core.cache import cache
from django.db.models import Q

from wagtail.models import PageQuerySet, PageViewRestriction

from .cache import PAGES, per_request

SECONDS = 60 * 60  # a safety net; a change moves the generation at once


def restricted_paths():
    """The tree paths of the pages that carry a view restriction."""
    key = f"quartier:restricted-paths:{PAGES.current()}"
    return per_request(key, lambda: _cached_paths(key))


def _cached_paths(key):
    paths = cache.get(key)
    if paths is None:
        paths = sorted(PageViewRestriction.objects.values_list("page__path", flat=True))
        cache.set(key, paths, SECONDS)
    return paths


class PublicPageQuerySet(PageQuerySet):
    """`public()` from the cached restrictions: no query of its own."""

    def private_q(self):
        q = Q()
        for path in restricted_paths():
            q |= Q(path__startswith=path)
        return q if q else Q(pk__in=[])
