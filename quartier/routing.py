"""Routing under all six language prefixes: a language tree that lacks a page
continues in the German tree (SourceTreeRoutingMixin), and a home page finds
the page of a path in one query over its tree and the German tree, with a
route cache under the path's content generation (HomeRoutingMixin)."""

import hashlib

from django.core.cache import cache
from django.db.models import Q
from django.http import Http404

from wagtail.models import Page

from .cache import PAGES, cache_seconds, request_generation
from .fragments import is_restricted
from .i18n import default_content_language, default_locale, locale_code, visitor_language
from .page_urls import url_parts


class SourceTreeRoutingMixin:
    """Every public page answers under all six language prefixes, without
    aliases. A page of another language's tree that lacks a child continues
    routing in its German source page's children (/tr/verzeichnis/berber-kemal/
    routes through the Turkish home page, then the German tree), and a German
    page's URL keeps the visitor's prefix. No extra query on the German tree or
    when the child exists."""

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        slug, remaining = path_components[0], path_components[1:]
        subpage = self.get_children().filter(slug=slug).first()
        if subpage is None:
            subpage = self.source_child(slug)
            if subpage is None:
                raise Http404
        else:
            subpage._cached_parent_obj = self
        return subpage.specific.route(request, remaining)

    def source_child(self, slug):
        """The child `slug` of this page's German source page, or its
        translation in this page's language if that has another slug."""
        default = default_locale()
        if self.locale_id == default.pk:
            return None
        source = self.get_translation_or_none(default)
        if source is None:
            return None
        child = source.get_children().filter(slug=slug).first()
        if child is None:
            return None
        return child.get_translation_or_none(self.locale) or child

    def get_url_parts(self, request=None):
        """Wagtail's URL API, on quartier.page_urls: the one place that reads the
        visitor's language from the thread, because Wagtail passes none."""
        roots = self._get_site_root_paths(request)
        return url_parts(self.url_path, locale_code(self), visitor_language(), roots)


def routed_page_key(home, request):
    """The cache key of the page at `request.path` below `home`: kept under the
    path's content generation (quartier/cache.py), so publishing, moving or
    deleting the page drops it as it drops the cached page (GET and HEAD only;
    never a page below a view restriction)."""
    if request.method not in ("GET", "HEAD") or cache_seconds() <= 0:
        return None
    raw = f"{home.pk}|{request.path}|{request_generation(request)}"
    return "quartier:route:" + hashlib.sha256(raw.encode()).hexdigest()


class HomeRoutingMixin:
    """For the home page of each language tree."""

    def route(self, request, path_components):
        """Finds the page below in one query, the longest url_path that matches
        (a routable page gets the rest as its route), and its specific row with
        what it shows (`serve_related`), instead of two queries per level."""
        if not path_components:
            return super().route(request, path_components)
        key = routed_page_key(self, request)
        page = cache.get(key) if key else None
        if page is not None:
            return page.route(request, [])
        found, in_source_tree = self._deepest_match(path_components)
        if found is None:
            # Nothing of the path in this tree: a translated home page routes
            # on through the German tree (SourceTreeRoutingMixin).
            return super().route(request, path_components)
        model = found.specific_class
        if model is None:
            raise Http404
        pages = model._default_manager.select_related("locale", *model.serve_related)
        if in_source_tree:
            # A German page under this language's prefix (a business), or its
            # translation in this language where one exists with another slug.
            candidates = {
                candidate.locale_id: candidate
                for candidate in pages.filter(
                    translation_key=found.translation_key,
                    locale_id__in=(found.locale_id, self.locale_id),
                )
            }
            page = candidates.get(self.locale_id) or candidates.get(found.locale_id)
            if page is None:
                raise Http404
        else:
            # The locale too: the canonical and language links read it on every page.
            page = pages.get(pk=found.pk)
        remaining = path_components[found.depth - self.depth :]
        if key and not remaining and not is_restricted(page):
            cache.set(key, page, cache_seconds())
        return page.route(request, remaining)

    def _deepest_match(self, path_components):
        """(the deepest page whose URL path starts the requested path, whether it
        is in the German tree): one query over this home page's tree and, for a
        translated home page, the German tree too, so that a German page under
        this language's prefix (/tr/verzeichnis/salon-lale/) is found at once,
        not level by level. On the same depth this tree wins."""
        trees = [(self.path, self.url_path)]
        source = self.source_home()
        if source is not None:
            trees.append(source)
        condition = Q()
        for path, url_path in trees:
            prefixes = [
                url_path + "/".join(path_components[:length]) + "/"
                for length in range(len(path_components), 0, -1)
            ]
            condition |= Q(url_path__in=prefixes, path__startswith=path)
        rows = (
            Page.objects.filter(condition)
            .order_by("-depth")
            .only("id", "depth", "path", "content_type", "translation_key", "locale")
        )[:2]
        rows = sorted(rows, key=lambda row: (-row.depth, not row.path.startswith(self.path)))
        if not rows:
            return None, False
        return rows[0], not rows[0].path.startswith(self.path)

    def source_home(self):
        """(path, url_path) of the German home page this one translates, None for
        the German one; kept under the site-wide generation (a change to a home
        page drops every page)."""
        default = default_locale()
        if self.locale_id == default.pk:
            return None
        key = f"quartier:source-home:{self.translation_key}:{PAGES.current()}"
        found = cache.get(key)
        if found is None:
            found = (
                Page.objects.filter(translation_key=self.translation_key, locale_id=default.pk)
                .values_list("path", "url_path")
                .first()
            ) or ()
            cache.set(key, found, 3600)
        return tuple(found) or None
