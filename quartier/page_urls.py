"""A page's URL in a language: the one function behind every link to a page,
its language versions, the map, the search index, feeds, the sitemap, mails
and the cache's purge lists.

    url(page, "tr")       → "/tr/termine/whatsapp-business-f%C3%BCr-einsteiger/"
    full_url(page, "tr")  → "https://quartier.example/tr/termine/…"

A page of the German (source) tree is served under every language prefix, so
its URL carries the prefix of the language asked for; a page of another
language's tree (a real translation) is served under its own prefix only, so
its URL carries that one whatever is asked. The language is always passed in,
never read from the thread; `get_url_parts` (quartier.routing) is the one
adapter that reads it, because Wagtail's API has no place for it.

The path is reversed once, unencoded ("für"): `reverse` percent-encodes it.
Reversing an encoded path ("f%C3%BCr") again fails, as `%` is not a URL
pattern character (the 500 of issue #26)."""

from functools import lru_cache
from urllib.parse import quote, unquote

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import translation

from wagtail.models import Site

from .cache import forget_in_request, per_request
from .i18n import default_content_language, locale_code
from .site_address import base_url

ROOT_PATHS_KEY = "page-urls:site-root-paths"


def site_root_paths():
    """Wagtail's site root paths (one per site and language of its root page),
    from its cache once per request (twenty result rows asked Redis twenty
    times); a Site saved or deleted in the request reads them again (forget)."""
    return per_request(ROOT_PATHS_KEY, Site.get_site_root_paths)


def forget(**_kwargs):
    """post_save / post_delete of a Site (Wagtail drops its cache entry itself)."""
    forget_in_request(ROOT_PATHS_KEY)


def _root_for(url_path, page_language, roots):
    """The site root that `url_path` lies below: the one in the page's own
    language first, then the default site's (Wagtail's order)."""
    found = None
    for root in roots:
        if url_path.startswith(root.root_path):
            if root.language_code == page_language:
                return root
            found = found or root
    return found


@lru_cache(maxsize=20000)
def _served_path(rest, prefix_language, script_prefix):
    """The path Wagtail's serve view answers for `rest` under the prefix of
    `prefix_language`, or None. Reversed once per process for each: a listing,
    a page of results and the menus link the same pages on every rendering, and
    `reverse` under a language override was a sixth of a result row's cost.
    Depends only on these and the URL configuration (cleared when a test
    changes it)."""
    try:
        with translation.override(prefix_language):
            return reverse("wagtail_serve", args=(rest,))
    except NoReverseMatch:
        return None


def forget_served_paths(**_kwargs):
    """setting_changed (tests that change the URLs or the languages)."""
    _served_path.cache_clear()


def url_parts(url_path, page_language, language, roots=None):
    """(site id, root URL, path) of the page at `url_path` in the tree of
    `page_language`, as served to a visitor of `language`; None when no site
    serves it. Pure: no query, no thread state (the site root paths come from
    Wagtail's cache unless given)."""
    if not url_path:
        return None
    roots = site_root_paths() if roots is None else roots
    root = _root_for(url_path, page_language, roots)
    if root is None:
        return None
    # Only the source tree is served under every prefix.
    prefix_language = language if page_language == default_content_language() else page_language
    path = _served_path(url_path[len(root.root_path) :], prefix_language, get_script_prefix())
    if path is None:
        return None
    if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) and path != "/":
        path = path.rstrip("/")
    return root.site_id, root.root_url, path


def url(page, language, roots=None):
    """The root-relative URL of `page` for a visitor of `language`
    ("/tr/verzeichnis/d%C3%B6ner-%C3%B6z/"), or None if no site serves it."""
    parts = url_parts(page.url_path, locale_code(page), language, roots)
    return parts[2] if parts else None


def absolute(path, root_url=None):
    """`path` on the root URL of the Site that serves it (Wagtail's Settings →
    Sites, as canonical links and the sitemap have always used), or on the
    site's public address (quartier.site_address) when that is not known."""
    if path is None:
        return None
    return (root_url or base_url()).rstrip("/") + path


def full_url(page, language, roots=None):
    """`url(page, language)` with scheme and host, for mails, feeds, the
    sitemap and anything read outside the request."""
    parts = url_parts(page.url_path, locale_code(page), language, roots)
    return absolute(parts[2], parts[1]) if parts else None


def several_sites(roots=None):
    """Whether more than one Site serves pages (then a link names its host)."""
    roots = site_root_paths() if roots is None else roots
    return len({root.site_id for root in roots}) > 1


def as_path(url_or_path):
    """The decoded path a request for this URL has (`request.path`), which
    the page cache keys on: "/tr/f%C3%BCr/" → "/tr/für/"."""
    return unquote(url_or_path)


def as_url(path):
    """A decoded path as a URL a frontend cache (Varnish, a CDN) receives:
    percent-encoded as browsers send it; an encoded path stays as it is."""
    return quote(path, safe="/%:@!$&'()*+,;=~-._")
