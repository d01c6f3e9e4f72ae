"""What the header and footer of every page show, cached per site and language
(quartier_tags.site_chrome renders it)."""

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from wagtail.models import Locale, Site
from wagtail.rich_text import expand_db_html

from .cache import PAGES
from .i18n import base_language, localized_all
from .models import SiteSettings

# A safety net: a change of anything shown here drops it at once (EVERY_PAGE).
CHROME_SECONDS = 60 * 60


def chrome_for(request):
    """The header's and footer's data for this request's site and language:
    cached until the site-wide generation moves (a change of the settings, the
    menu or a legal page drops every page), once per request at most."""
    site = Site.find_for_request(request) if request is not None else None
    language = translation.get_language()
    memo = getattr(request, "_quartier_chrome", None)
    if memo is not None:
        return memo
    key = f"quartier:chrome:{site.pk if site else 0}:{language}:{PAGES.current()}"
    chrome = cache.get(key)
    if chrome is None:
        chrome = build_chrome(request, site)
        cache.set(key, chrome, CHROME_SECONDS)
    if request is not None:
        request._quartier_chrome = chrome
    return chrome


def build_chrome(request, site):
    site_settings = SiteSettings.load(request_or_site=site)
    chrome = {
        "programme_name": site_settings.programme_name or settings.SITE_NAME,
        "tagline": site_settings.tagline,
        "funding_note": expand_db_html(site_settings.funding_note)
        if site_settings.funding_note
        else "",
        "contact_email": site_settings.contact_email,
        "home_url": "/",
        "menu": [],
        "legal": [],
        "privacy_url": "",
    }
    for field in ("imprint_page", "privacy_page", "accessibility_page"):
        page = getattr(site_settings, field, None)
        if page is not None and page.live:
            # Specific, so that its URL keeps the visitor's prefix (SourceTreeRoutingMixin).
            page = page.localized.specific_deferred
            chrome["legal"].append(
                {"title": page.title, "url": page.get_url(request), "lang": shown_language(page)}
            )
            if field == "privacy_page":
                chrome["privacy_url"] = page.get_url(request)
    if site is not None:
        home = site.root_page.localized
        chrome["home_url"] = home.get_url(request) or "/"
        # The German home page's children, each in the visitor's language where
        # translated: a translated home page may have only some of them. Pages
        # behind a password, a login or a group stay out of the public menu.
        children = list(site.root_page.get_children().live().in_menu().public())
        localized = localized_all(children)
        for child in children:
            shown = localized[child.pk].specific_deferred
            chrome["menu"].append(
                {
                    "title": shown.title,
                    "url": shown.get_url(request),
                    "lang": shown_language(shown),
                    "paths": tuple({child.path, shown.path}),
                }
            )
    return chrome


def shown_language(page):
    """The language of `page`'s title when it is not the interface language
    (an untranslated page in the menu: its German title is marked so), else ""."""
    code = locale_codes().get(page.locale_id, "")
    return "" if base_language(code) == base_language(translation.get_language()) else code


def locale_codes():
    """{locale id: language code}, cached until the site-wide generation moves
    (saving a locale moves it)."""
    key = f"quartier:locale-codes:{PAGES.current()}"
    codes = cache.get(key)
    if codes is None:
        codes = dict(Locale.objects.values_list("id", "language_code"))
        cache.set(key, codes, CHROME_SECONDS)
    return codes


def sitewide(name, build):
    """`build()` cached per language until the site-wide generation moves: for
    pages every visitor reaches from everywhere (the home page's children, whose
    changes drop every page), e.g. the jobs board a profile links to."""
    key = f"quartier:sitewide:{name}:{translation.get_language()}:{PAGES.current()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, CHROME_SECONDS)
    return value
