"""What a change drops from the page cache (quartier/cache.py) and from a
frontend cache in front (Varnish, a CDN: Wagtail's frontend_cache).

Page types and snippets declare the URLs that show them with a method
`cache_dependent_urls()`: a set of paths ("/verzeichnis/salon-lale/", one per
language prefix), or EVERY_PAGE for what every page shows (site settings, the
main menu). Saving, publishing, unpublishing, moving or deleting such an object
drops exactly those paths, with any query string, in both caches: the same list
feeds both. Models without the method drop nothing. The receivers that call
this on each change are in quartier/signal_handlers.py."""

import os
import secrets
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page

from .cache import (
    PAGES,
    invalidate_all,
    note_change,
    path_generation_file,
    path_key,
    uses_local_memory,
)
from .i18n import default_content_language, locale_code, site_locales
from .page_urls import as_path, as_url, site_root_paths, url_parts
from .site_address import base_url

# A change whose list would be longer than this drops every page instead.
MAX_TARGETED_URLS = 5000


class EveryPage:
    """What `cache_dependent_urls()` answers for a change that every page shows
    (site settings, the main menu, a site or locale)."""

    def __repr__(self):
        return "EVERY_PAGE"


EVERY_PAGE = EveryPage()


def language_prefixes():
    """ "" for the default language (unprefixed URLs), "/en" etc. for the others."""
    return [
        "" if code == settings.LANGUAGE_CODE else f"/{code}" for code, _name in settings.LANGUAGES
    ]


def version_paths(url_path, page_language, roots=None):
    """Every decoded path (as `request.path` reads it, which the page cache
    keys on) at which the page at `url_path` in the tree of `page_language` is
    served: a source page under every language prefix, a translation under its
    own (quartier.page_urls)."""
    roots = site_root_paths() if roots is None else roots
    languages = [code for code, _name in settings.LANGUAGES]
    if page_language != default_content_language():
        languages = [page_language]
    paths = set()
    for language in languages:
        parts = url_parts(url_path, page_language, language, roots)
        if parts is not None:
            paths.add(as_path(parts[2]))
    return paths


def page_urls(page, subpaths=None, translations=True):
    """Every URL a visitor could have cached that shows `page`: each of its
    versions (the source page and its translations, live or not: one just
    unpublished was served until now) where it is served, the source under
    every prefix (its path also serves the translation there), a translation
    under its own. One query for the versions; `translations=False` for long
    lists of source pages whose translations keep the slug. `subpaths` are
    routes below the page ("feed/rss/"); by default the page type's
    `cache_subpaths`."""
    if not page.url_path or page.depth < 2:
        return set()
    if subpaths is None:
        subpaths = getattr(page.specific_class, "cache_subpaths", ("",))
    roots = site_root_paths()
    codes = {locale.pk: code for code, locale in site_locales().items()}
    versions = {(page.url_path, locale_code(page))}
    if translations:
        for url_path, locale_id in Page.objects.filter(
            translation_key=page.translation_key
        ).values_list("url_path", "locale_id"):
            versions.add((url_path, codes.get(locale_id)))
    paths = set()
    for url_path, code in versions:
        paths |= version_paths(url_path, code, roots)
    return {path + sub for path in paths for sub in subpaths}


def home_page_urls():
    """The home page under every language prefix."""
    return {prefix + "/" for prefix in language_prefixes()}


def live_pages_urls(pages, translations=True):
    """page_urls() of every live page in `pages` (a page queryset)."""
    urls = set()
    for page in pages.live().only("url_path", "depth", "translation_key", "locale_id"):
        urls |= page_urls(page, translations=translations)
    return urls


_ALSO_DROPPED = []


def also_drop(model, function):
    """For an app that shows another app's objects (the jobs board shows the
    businesses' positions): after a change of a `model` instance, also drop
    `function(instance)`. Called from that app's AppConfig.ready()."""
    _ALSO_DROPPED.append((model, function))


def dependent_urls(instance):
    """What a change of `instance` drops: its own cache_dependent_urls() and
    what other apps registered for its type."""
    parts = [instance.cache_dependent_urls()]
    parts += [function(instance) for kind, function in _ALSO_DROPPED if isinstance(instance, kind)]
    return collect_urls(*parts)


def collect_urls(*parts):
    """Unites URL sets and `cache_dependent_urls()` answers; EVERY_PAGE wins."""
    urls = set()
    for part in parts:
        if part is EVERY_PAGE:
            return EVERY_PAGE
        urls.update(part)
    return EVERY_PAGE if len(urls) > MAX_TARGETED_URLS else urls


def _bump_paths(paths):
    if uses_local_memory():
        for path in paths:
            target = path_generation_file(path)
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.touch()
                current = os.stat(target).st_mtime_ns
                os.utime(target, ns=(current + 1000, current + 1000))
            except OSError:
                PAGES.bump()
                return
    else:
        # A fresh random number, never one in use before (as incr of a lost key could give).
        cache.set_many(
            {path_key(path): f"{time.time_ns()}-{secrets.token_hex(4)}" for path in paths},
            timeout=None,
        )


def drop_urls(urls):
    """Drops the cached pages at these URLs (paths, any query string, every
    host), or every page for EVERY_PAGE, in this cache and in a frontend cache
    (WAGTAILFRONTENDCACHE). Once now and once more when the transaction commits,
    so that a request that read the old rows meanwhile cannot keep them."""
    note_change()
    if urls is EVERY_PAGE:
        invalidate_all()
        transaction.on_commit(invalidate_all)
        purge_frontend_cache(EVERY_PAGE)
        return
    # The page cache keys on decoded paths (request.path): "/tr/für/", never "/tr/f%C3%BCr/".
    paths = sorted({as_path(urlsplit(url).path) for url in urls})
    if not paths:
        return
    _bump_paths(paths)
    transaction.on_commit(lambda: _bump_paths(paths))
    purge_frontend_cache(paths)


def purge_frontend_cache(paths):
    """Asks the frontend cache (Varnish, a CDN: WAGTAILFRONTENDCACHE) to purge these
    paths on the public address; for EVERY_PAGE, every live page's URLs. Through
    Wagtail's purge task, after the commit."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return

    def purge():
        targets = paths
        if targets is EVERY_PAGE:
            targets = every_live_page_path()
        address = base_url()
        purge_urls_from_cache([address + as_url(path) for path in targets])

    transaction.on_commit(purge)


def every_live_page_path():
    """Every URL a live page is served at: German pages under all six
    prefixes, translations under their own (for a frontend cache's full purge)."""
    roots = site_root_paths()
    codes = {locale.pk: code for code, locale in site_locales().items()}
    paths = set()
    for url_path, locale_id in (
        Page.objects.live().filter(depth__gte=2).values_list("url_path", "locale_id")
    ):
        paths |= version_paths(url_path, codes.get(locale_id), roots)
    return sorted(paths)


def drop_dependents(instance):
    """Drops what `instance.cache_dependent_urls()` declares (and other apps add)."""
    instance = getattr(instance, "specific", instance)
    if callable(getattr(instance, "cache_dependent_urls", None)):
        drop_urls(dependent_urls(instance))
