"""Interface languages: the first-visit language redirect, the content locale of
listings and the "not translated yet" helpers.

German is the source language and lives at unprefixed URLs; the other languages
at /en/, /tr/, /ar/, /bg/, /ro/ (i18n_patterns, prefix_default_language=False)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from .cache import CHANGES, PAGES, per_request
from .restrictions import PublicPageQuerySet, restricted_paths

# Never redirected and never given a language cookie: not part of the
# translated site, or machines rather than people.
UNTRANSLATED_PREFIXES = (
    "/admin/",
    "/api/",
    "/static/",
    "/media/",
    "/documents/",
    "/i18n/",
    "/healthz/",
    "/sitemap.xml",
    "/robots.txt",
    "/favicon.ico",
)
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def default_content_language():
    """The language code of the source-language (German) page tree."""
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def site_locales():
    """{language code: Locale} of every locale, without a query on most
    requests: kept in the cache under the site-wide generation, which a change
    to any locale moves (quartier.signal_handlers: a locale drops every page)."""
    key = f"quartier:locales:{PAGES.current()}"
    return per_request(key, lambda: _cached_locales(key))


def _cached_locales(key):
    found = cache.get(key)
    if found is None:
        found = {locale.language_code: locale for locale in Locale.objects.all()}
        cache.set(key, found, 3600)
    return found


def default_locale():
    """The German (source) Locale, as `Locale.get_default()` without its query."""
    return site_locales().get(default_content_language()) or Locale.get_default()


def locale_code(page):
    """The language code of `page`'s locale, without a query for the locale."""
    for code, locale in site_locales().items():
        if locale.pk == page.locale_id:
            return code
    return page.locale.language_code


def base_language(code):
    return (code or settings.LANGUAGE_CODE).split("-")[0].lower()


def supported_language(code):
    """The interface language for `code`, or None if we don't offer it."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def is_translated_path(path):
    return not path.startswith(UNTRANSLATED_PREFIXES)


def is_local_path(url):
    """True if a browser reads `url` as a path on this site. A request path
    such as "//evil.example/x" or "/\\evil.example/x" is a network-path
    reference to another host once it is echoed into a Location or a link."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


def translate_path(full_path, language):
    """`full_path` (a request's path and query) in `language`; never a URL
    on another host: for a path that is not local, that language's home."""
    if is_local_path(full_path):
        target = translate_url(full_path, language)
        if is_local_path(target):
            return target
    return translate_url("/", language)


def comes_from_our_site(request):
    referer = request.headers.get("Referer", "")
    return bool(referer) and urlsplit(referer).netloc == request.get_host()


class LanguagePreferenceMiddleware:
    """Respects the visitor's language on arrival and remembers their choice.

    A GET of an unprefixed (German) URL from outside our site is redirected to
    the same page in the preferred language: the language cookie if set (an
    earlier choice), else the best match of Accept-Language. Following a link
    on our site never redirects, so the switcher's German link does not bounce.
    Every page view stores its language in the cookie, so the choice sticks.
    Must come after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if not is_translated_path(path):
            return self.get_response(request)
        path_language = translation.get_language_from_path(path)
        cookie_language = supported_language(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        if path_language is None and request.method == "GET" and not comes_from_our_site(request):
            response = self.redirect_to_preferred(request)
            if response is not None:
                return response
        response = self.get_response(request)
        current = path_language or settings.LANGUAGE_CODE
        if request.method == "GET" and response.status_code < 400 and cookie_language != current:
            self.remember(response, current)
        if path_language is None:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def redirect_to_preferred(self, request):
        preferred = translation.get_language_from_request(request, check_path=False)
        if base_language(preferred) == base_language(settings.LANGUAGE_CODE):
            return None
        current_url = request.get_full_path()
        if not is_local_path(current_url):
            return None
        target = translate_path(current_url, preferred)
        if target == current_url:
            return None
        response = HttpResponseRedirect(target)
        self.remember(response, preferred)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    @staticmethod
    def remember(response, language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=COOKIE_MAX_AGE,
            path="/",
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )


def active_content_language():
    """The content language of the active interface language, or None when
    the interface speaks none of the content languages."""
    try:
        return get_supported_content_language_variant(translation.get_language() or "")
    except LookupError:
        return None


def visitor_language():
    """The content language a page's URL takes for the active interface
    language: German for an interface language without content."""
    return active_content_language() or default_content_language()


def in_source_locale(queryset):
    """The pages of the German (source) tree: businesses exist only there, and
    an editorial listing starts from the originals (see `localized_all`)."""
    return queryset.filter(locale__language_code=default_content_language())


TRANSLATED_TYPES_KEY = "quartier:translated-types"


def types_with_translations():
    """The content type ids of the page types that have live pages outside the
    German tree: a type without any (businesses, whose texts per language are
    rows of their own) needs no query for translations. Kept in the cache
    under the content generation, which every publication, unpublication,
    move and deletion moves (cache_invalidation.drop_urls), and read once per
    request and generation."""
    key = f"{TRANSLATED_TYPES_KEY}:{CHANGES.current()}"
    return per_request(key, lambda: _types_with_translations(key))


def _types_with_translations(key):
    found = cache.get(key)
    if found is None:
        found = frozenset(
            Page.objects.live()
            .exclude(locale__language_code=default_content_language())
            .order_by()
            .values_list("content_type_id", flat=True)
            .distinct()
        )
        cache.set(key, found, 3600)
    return found


def localized_all(pages, language=None):
    """{pk: page} for pages of the source tree: each page's live translation
    in `language` (default: the active one) where there is one, else the page
    itself. None for German, nor for a type without any live translated page
    (types_with_translations); one query for pages of one type; for several
    types one query to find which have translations, then one per type that
    has any (events and campaigns are mostly German only)."""
    pages = list(pages)
    language = language or active_content_language()
    found = {page.pk: page for page in pages}
    if not pages or language in (None, default_content_language()):
        return found
    by_type = {}
    translated_types = types_with_translations()
    for page in pages:
        if page.content_type_id in translated_types:  # the page's specific type
            by_type.setdefault(type(page), []).append(page)
    if len(by_type) > 1:
        translated = set(
            PublicPageQuerySet(Page)
            .live()
            .public()
            .filter(
                locale__language_code=language,
                translation_key__in=[page.translation_key for page in pages],
            )
            .values_list("translation_key", flat=True)
        )
        by_type = {
            page_type: group
            for page_type, group in by_type.items()
            if any(page.translation_key in translated for page in group)
        }
    for page_type, group in by_type.items():
        translated = (
            page_type.objects.live()
            .public()
            .filter(
                locale__language_code=language,
                translation_key__in=[page.translation_key for page in group],
            )
            .select_related("locale")
        )
        # With what the source pages came with (a workshop's dates and languages),
        # or the template asks for it once per translation.
        prefetched = sorted(getattr(group[0], "_prefetched_objects_cache", {}))
        if prefetched:
            translated = translated.prefetch_related(*prefetched)
        translations = {page.translation_key: page for page in translated}
        for page in group:
            found[page.pk] = translations.get(page.translation_key, page)
    return found


def localized_list(pages, language=None):
    """`localized_all` as a list in the order of `pages`."""
    pages = list(pages)
    found = localized_all(pages, language)
    return [found[page.pk] for page in pages]


def source_page(page):
    """`page`'s German original (itself if it is one, or if it has none)."""
    default = default_locale()
    if page.locale_id == default.pk:
        return page
    return page.get_translation_or_none(default) or page


def localized_source(queryset):
    """The first page of `queryset` in the German tree, as its translation in
    the active language where there is one (e.g. the one jobs board)."""
    default = default_locale()
    active = site_locales().get(active_content_language() or "")
    if active is None or active.pk == default.pk:
        return in_source_locale(queryset).first()
    # One query for both: the German pages and their translations.
    rows = list(queryset.filter(locale_id__in=(default.pk, active.pk)).select_related("locale"))
    source = next((row for row in rows if row.locale_id == default.pk), None)
    if source is None:
        return None
    translation_ = next(
        (
            row
            for row in rows
            if row.locale_id == active.pk
            and row.translation_key == source.translation_key
            and row.live
            and not any(row.path.startswith(path) for path in restricted_paths())
        ),
        None,
    )
    return translation_ or source


def localized_home_child(name, queryset):
    """`localized_source(queryset)` for a page right below a home page (the
    map, the jobs board), from the cache: such a page's change drops every page
    (BasePage.cache_dependent_urls), which moves the site-wide generation this
    is kept under. A page deeper in the tree is looked up every time."""
    key = f"quartier:home-child:{name}:{translation.get_language()}:{PAGES.current()}"
    kept = cache.get(key)
    if kept is not None:
        return kept[0]
    page = localized_source(queryset)
    if page is None or page.depth == 3:
        cache.set(key, (page,), 3600)
    return page


def content_language(page):
    """Language the page's texts are written in: a page's own, unless it says
    otherwise (`text_language`: a business shows its texts per language)."""
    text_language = getattr(page, "text_language", None)
    if callable(text_language):
        return text_language()
    return locale_code(page)


def untranslated_language(page):
    """The language code of `page`'s content if it differs from the interface
    language (fallback content), else None."""
    code = content_language(page)
    if base_language(code) == base_language(translation.get_language()):
        return None
    return code
