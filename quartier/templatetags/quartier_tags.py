from django import template
from django.conf import settings
from django.utils import translation

from wagtail.models import Page

from quartier.i18n import base_language, localized_all, translate_path, untranslated_language
from quartier.models import SiteSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per interface language that keeps the visitor on the same
    page: the page's translation (or alias) if there is one, else the same URL
    in the other language (German content is then shown with a notice).
    Computed once per request (the switcher and the hreflang links share it).
    A routable page's sub-view names its route in `subpage_path` (e.g. "12/"),
    which each language version's URL then ends with."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    cache_key = (getattr(page, "pk", None), current)
    cached = getattr(request, "_quartier_language_links", None)
    if cached is not None and cached[0] == cache_key:
        return cached[1]
    translations = {}
    if isinstance(page, Page) and page.pk:
        for translated in page.get_translations(inclusive=True).live().select_related("locale"):
            translations[translated.locale.language_code] = translated
        # A business has one page; its texts are translated on it.
        for code in getattr(page, "text_languages", list)():
            translations.setdefault(code, page)
    links = []
    # The switcher keeps the visitor's filters and search; hreflang does not.
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    for code, name in settings.LANGUAGES:
        if code in translations:
            with translation.override(code):
                url = translations[code].get_url(request) + context.get("subpage_path", "")
            switch_url = f"{url}?{query}" if query else url
        elif request is not None:
            # translate_path keeps the query of a local path, and drops a foreign one.
            url = switch_url = translate_path(request.get_full_path(), code)
        else:
            url = switch_url = "/"
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "switch_url": switch_url,
                "current": code == current,
                # A real language version (hreflang, canonical), not German
                # text under another prefix.
                "real": code in translations,
            }
        )
    if request is not None:
        request._quartier_language_links = (cache_key, links)
    return links


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The URL of the page's real version in the visitor's language, else of
    its original: German text under /tr/ names its German URL as canonical."""
    links = language_links(context)
    real = [link for link in links if link["real"]]
    current = next((link for link in real if link["current"]), None)
    page = context.get("page")
    own = getattr(getattr(page, "locale", None), "language_code", None)
    original = next((link for link in real if link["code"] == own), None)
    chosen = current or original or (real[0] if real else None)
    parts = page.get_url_parts(context.get("request")) if chosen else None
    if not parts or not parts[1]:
        return ""
    return parts[1] + chosen["url"]


@register.simple_tag(takes_context=True)
def untranslated_content_language(context):
    """The language of the page's texts when the page has not been translated
    into the interface language yet (alias or fallback), else ""."""
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        return ""
    return untranslated_language(page) or ""


@register.filter
def language_direction(code):
    """ "rtl" for right-to-left languages (settings.LANGUAGES_BIDI), else "ltr"."""
    return "rtl" if base_language(code) in settings.LANGUAGES_BIDI else "ltr"


@register.simple_tag(takes_context=True)
def footer_pages(context):
    """The legal pages (imprint, privacy, accessibility statement) chosen in
    the site settings, in the current language, for every page's footer.
    Read from the model, not the template's settings proxy: that proxy is a
    dict whose .get() never loads anything and would answer the default."""
    request = context.get("request")
    site_settings = SiteSettings.load(request_or_site=request)
    pages = []
    for field in ("imprint_page", "privacy_page", "accessibility_page"):
        page = getattr(site_settings, field, None)
        if page is not None and page.live:
            pages.append(visitor_page(page))
    return pages


@register.filter
def visitor_page(page):
    """`page` in the visitor's language where translated, as its specific
    class without a query, so its URL keeps the visitor's prefix (a plain
    Page from a chooser or a foreign key would link the German URL)."""
    if page is None:
        return None
    return page.localized.specific_deferred


@register.simple_tag(takes_context=True)
def main_menu_pages(context):
    """The home page's children marked "show in menus", in the current locale."""
    from wagtail.models import Site

    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    # The German home page's children, each in the visitor's language where
    # translated: a translated home page may have only some of them.
    children = list(site.root_page.get_children().live().in_menu())
    localized = localized_all(children)
    current = context.get("page")
    items = []
    for child in children:
        shown = localized[child.pk]
        active = isinstance(current, Page) and (
            current.path.startswith(child.path) or current.path.startswith(shown.path)
        )
        items.append({"page": shown.specific_deferred, "active": active})
    return items


@register.simple_tag(takes_context=True)
def home_url(context):
    from wagtail.models import Site

    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return "/"
    return site.root_page.localized.get_url(request) or "/"
