"""The one router, under all six language prefixes, and the URL of a page for
Wagtail's API (both on quartier.page_urls).

A request's path is looked up in one query over the live pages of three
trees: the tree routing started in (the site's root in the visitor's language
when that is live, else the German one), the tree of the visitor's language
and the German (source) tree. The deepest live page wins; of a German page,
its live translation in the visitor's language is served where there is one,
else the German page itself. So a page served at `url(page, language)` is
found there, a draft or unpublished translation never takes its page offline
(the source answers under that prefix), and the language links, which name
live versions only, agree with what is served. View restrictions are checked
when the page is served, as Wagtail does (a private page asks for a login).
"""

import hashlib

from django.core.cache import cache
from django.db.models import Q
from django.http import Http404

from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page

from .cache import PAGES, cache_seconds, request_generation
from .fragments import is_restricted
from .i18n import default_locale, locale_code, site_locales, visitor_language
from .page_urls import site_root_paths, url_parts


def routed_page_key(start, request):
    """The cache key of the page at `request.path` below `start`: kept under the
    path's content generation (quartier/cache.py), so publishing, moving or
    deleting the page drops it as it drops the cached page (GET and HEAD only;
    never a page below a view restriction)."""
    if request.method not in ("GET", "HEAD") or cache_seconds() <= 0:
        return None
    raw = f"{start.pk}|{request.path}|{request_generation(request)}"
    return "quartier:route:" + hashlib.sha256(raw.encode()).hexdigest()


class SourceTreeRoutingMixin:
    """Every public page answers under all six language prefixes, without
    aliases: see the module's docstring."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        key = routed_page_key(self, request)
        page = cache.get(key) if key else None
        if page is not None:
            return page.route(request, [])
        page = self.live_page_for(path_components)
        if page is None:
            raise Http404
        remaining = path_components[page.depth - self.depth :]
        if remaining and not isinstance(page, RoutablePageMixin):
            raise Http404  # no page below has that path: the query looked for all
        if key and not remaining and not is_restricted(page):
            cache.set(key, page, cache_seconds())
        return page.route(request, remaining)

    def live_page_for(self, path_components):
        """The live page that serves the deepest part of `path_components` below
        this page for a visitor of the active language, as its specific class
        with what its template shows (`serve_related`): two queries."""
        visitor = site_locales().get(visitor_language())
        found = self._deepest_live_match(path_components, visitor)
        if found is None or found.specific_class is None:
            return None
        model = found.specific_class
        pages = model._default_manager.live().select_related("locale", *model.serve_related)
        if visitor is None or found.locale_id == visitor.pk:
            return pages.filter(pk=found.pk).first()
        # A page of another tree (the German one) in the visitor's language where
        # that version is live, else the page itself.
        candidates = {
            candidate.locale_id: candidate
            for candidate in pages.filter(
                translation_key=found.translation_key,
                locale_id__in=(found.locale_id, visitor.pk),
            )
        }
        return candidates.get(visitor.pk) or candidates.get(found.locale_id)

    def _deepest_live_match(self, path_components, visitor):
        """The deepest live page whose URL path starts the requested path in one
        of this page's trees (its own, the visitor's language's, the German
        one): one query. On the same depth the visitor's tree wins, then this
        page's own, then the German one."""
        trees = self._routing_trees(visitor)
        condition = Q()
        for path, url_path in trees:
            prefixes = [
                url_path + "/".join(path_components[:length]) + "/"
                for length in range(len(path_components), 0, -1)
            ]
            condition |= Q(url_path__in=prefixes, path__startswith=path)
        rows = list(
            Page.objects.live()
            .filter(condition)
            .order_by("-depth")
            .only("id", "depth", "path", "content_type", "translation_key", "locale")[:3]
        )
        if not rows:
            return None
        order = [path for path, _url_path in trees]

        def preference(row):
            tree = next(i for i, path in enumerate(order) if row.path.startswith(path))
            return (-row.depth, tree)

        return min(rows, key=preference)

    def _routing_trees(self, visitor):
        """[(path, url_path)] of this page and of its versions in the visitor's
        language and in German, the visitor's first. A home page's are kept
        under the site-wide generation (a change to a home page drops every page)."""
        default = default_locale()
        wanted = {pk for pk in (default.pk, getattr(visitor, "pk", None)) if pk}
        wanted.discard(self.locale_id)
        key = None
        if self.depth <= 2:
            key = f"quartier:routing-trees:{self.pk}:{sorted(wanted)}:{PAGES.current()}"
            kept = cache.get(key)
            if kept is not None:
                return kept
        others = {}
        if wanted:
            others = {
                locale_id: (path, url_path)
                for path, url_path, locale_id in Page.objects.filter(
                    translation_key=self.translation_key, locale_id__in=wanted
                ).values_list("path", "url_path", "locale_id")
            }
        trees = []
        if visitor is not None and visitor.pk in others:
            trees.append(others.pop(visitor.pk))
        trees.append((self.path, self.url_path))
        trees.extend(others.values())
        if key is not None:
            cache.set(key, trees, 3600)
        return trees

    def _get_site_root_paths(self, cache_object=None, **kwargs):
        """Wagtail keeps the site root paths on the request, or on the page
        object when none is passed (a cache read per linked page): read once
        per request for every page and every caller (quartier.page_urls). Left
        on the cache object as Wagtail does, which its redirects handler reads."""
        target = cache_object or kwargs.get("request") or self
        target._wagtail_cached_site_root_paths = site_root_paths()
        return target._wagtail_cached_site_root_paths

    def get_url_parts(self, request=None):
        """Wagtail's URL API, on quartier.page_urls: the one place that reads the
        visitor's language from the thread, because Wagtail passes none."""
        roots = self._get_site_root_paths(request)
        return url_parts(self.url_path, locale_code(self), visitor_language(), roots)
