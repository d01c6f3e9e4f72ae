import json

from django import template
from django.conf import settings
from django.core.cache import cache
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from wagtail.models import Page

from quartier import page_urls
from quartier.cache import request_generation
from quartier.chrome import chrome_for
from quartier.fragments import cached_content
from quartier.i18n import (
    base_language,
    default_content_language,
    locale_code,
    translate_path,
    untranslated_language,
)

register = template.Library()
TRANSLATED_URLS_SECONDS = 60 * 60  # a safety net; publishing drops them at once


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
    urls = translated_urls(page, request)
    translations = urls.get("real", {})
    fallbacks = urls.get("fallback", {})
    links = []
    # The switcher keeps the visitor's filters and search; hreflang does not.
    query = request.META.get("QUERY_STRING", "") if request is not None else ""
    for code, name in settings.LANGUAGES:
        if code in translations:
            url = translations[code] + context.get("subpage_path", "")
            switch_url = f"{url}?{query}" if query else url
        elif fallbacks.get(code):
            url = fallbacks[code] + context.get("subpage_path", "")
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


def translated_urls(page, request):
    """{language code: URL} of the page's real language versions (live
    translations, and the languages a business's texts are translated into),
    and under "" the URL pattern of its source page for every other language
    (a page without a translation is served from the German tree there).
    Cached with the page (quartier.cache.request_generation: publishing a
    translation drops the page's URL in every language)."""
    if not isinstance(page, Page) or not page.pk:
        return {}
    key = None
    if request is not None:
        key = f"quartier:language-urls:{page.pk}:{request_generation(request)}"
        urls = cache.get(key)
        if urls is not None:
            return urls
    urls = {}
    roots = page_urls.site_root_paths()
    source = None
    versions = page.get_translations(inclusive=True).live().select_related("locale")
    for translated in versions:
        code = translated.locale.language_code
        urls[code] = page_urls.url(translated, code, roots)
        if code == default_content_language():
            source = translated
    # A business has one page; its texts are translated on it.
    for code in getattr(page, "text_languages", list)():
        if code not in urls:
            urls[code] = page_urls.url(page, code, roots)
    # Where the page has no version of its own, its source is served under
    # that language's prefix (SourceTreeRoutingMixin), with the source's slugs.
    fallbacks = {
        code: page_urls.url(source, code, roots)
        for code, _name in settings.LANGUAGES
        if code not in urls and source is not None
    }
    urls = {"real": urls, "fallback": fallbacks}
    if key is not None:
        cache.set(key, urls, TRANSLATED_URLS_SECONDS)
    return urls


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The URL of the page's real version in the visitor's language, else of
    its original: German text under /tr/ names its German URL as canonical."""
    links = language_links(context)
    real = [link for link in links if link["real"]]
    current = next((link for link in real if link["current"]), None)
    page = context.get("page")
    own = locale_code(page) if isinstance(page, Page) else None
    original = next((link for link in real if link["code"] == own), None)
    chosen = current or original or (real[0] if real else None)
    parts = page.get_url_parts(context.get("request")) if chosen else None
    if not parts or not parts[1] or not chosen["url"]:
        return ""
    return page_urls.absolute(chosen["url"], parts[1])


@register.simple_tag(takes_context=True)
def untranslated_content_language(context):
    """The language of the page's texts when the page has not been translated
    into the interface language yet (alias or fallback), else ""."""
    page = context.get("page")
    if not isinstance(page, Page) or not page.pk:
        return ""
    return untranslated_language(page) or ""


@register.filter
def fallback_attrs(code):
    """` lang="de" dir="ltr"` for text shown in `code` (e.g. the
    `content_language` that base.html computes) when that is not the interface
    language, else "": put on the smallest element that holds fallback text, so
    the interface around it keeps the visitor's language and direction."""
    if not code or base_language(code) == base_language(translation.get_language()):
        return ""
    return format_html(' lang="{}" dir="{}"', code, language_direction(code))


@register.simple_tag
def page_fallback_attrs(page):
    """`fallback_attrs` for the texts of `page` (a card in a listing): set when
    the page is shown in its source language because it is not translated."""
    if not isinstance(page, Page):
        return ""
    return fallback_attrs(untranslated_language(page))


def name_in_language(name, translations):
    """(text, fallback language or "") of a name with per-language values,
    e.g. a category's {"tr": "Kuaför"}: the interface language's, else the
    source-language name, with that language to mark it by."""
    language = base_language(translation.get_language())
    translated = (translations or {}).get(language)
    if translated:
        return translated, ""
    source = default_content_language()
    return name, "" if base_language(source) == language else source


def marked_name(name, translations):
    """The name in the interface language, or the source-language name in a
    span that says its language (a screen reader then reads it in German)."""
    text, fallback = name_in_language(name, translations)
    if not fallback:
        return text
    return format_html("<span{}>{}</span>", fallback_attrs(fallback), text)


@register.filter
def shown_name(obj):
    """A category's, district's or list entry's name (TranslatedNameMixin) in
    the interface language, marked as German where it lacks a translation."""
    return marked_name(obj.name, getattr(obj, "name_translations", None))


@register.filter
def name_attrs(obj):
    """` lang="de" dir="ltr"` for an element (an <option>) that shows `obj`'s
    German name because it lacks a translation, else ""."""
    return fallback_attrs(name_in_language(obj.name, obj.name_translations)[1])


@register.simple_tag
def source_text_attrs():
    """`fallback_attrs` for texts kept in the source language only (the site
    settings' tagline, a district's description)."""
    return fallback_attrs(default_content_language())


@register.filter
def language_direction(code):
    """ "rtl" for right-to-left languages (settings.LANGUAGES_BIDI), else "ltr"."""
    return "rtl" if base_language(code) in settings.LANGUAGES_BIDI else "ltr"


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """What the header and footer of every page show: the programme's name,
    tagline, funding note and contact address from the site settings, the home
    page's URL, the main menu (the home page's children marked "show in
    menus") and the legal pages chosen in the settings, in the current
    language. Cached per site and language until something that every page
    shows changes (the page cache's site-wide generation), so a rendered page
    spends no query on it; the menu item of the current section is marked
    per request."""
    request = context.get("request")
    chrome = chrome_for(request)
    current = context.get("page")
    path = current.path if isinstance(current, Page) else None
    menu = [
        {**item, "active": path is not None and path.startswith(item["paths"])}
        for item in chrome["menu"]
    ]
    return {**chrome, "menu": menu}


@register.filter
def visitor_page(page):
    """`page` in the visitor's language where translated, as its specific
    class without a query, so its URL keeps the visitor's prefix (a plain
    Page from a chooser or a foreign key would link the German URL)."""
    if page is None:
        return None
    return page.localized.specific_deferred


class ContentFragmentNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context):
        return cached_content(
            context.get("request"), context.get("page"), lambda: self.nodelist.render(context)
        )


@register.tag("content_fragment")
def content_fragment(parser, token):
    """`{% content_fragment %}…{% endcontent_fragment %}`: the main content of a
    page, cached under the page's content generation (quartier/fragments.py)."""
    nodelist = parser.parse(("endcontent_fragment",))
    parser.delete_first_token()
    return ContentFragmentNode(nodelist)


# Like Django's json_script: JSON in <script> cannot end the element or open a comment.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def site_json_ld(context):
    """The home page's Organization and WebSite (schema.org) for search
    engines: the programme's name (Google's site name), the site's address,
    its home page in the visitor's language (the German one where the home
    page is not translated), its public contact mail and the site icon. The
    organisation is the events' organizer (blog.schema)."""
    request = context["request"]
    chrome = chrome_for(request)
    organization = {
        "@type": "Organization",
        "name": chrome["programme_name"],
        "url": request.build_absolute_uri("/"),
        "logo": request.build_absolute_uri(static("img/favicon.svg")),
    }
    if chrome["contact_email"]:
        organization["email"] = chrome["contact_email"]
    # The home page's version in the visitor's language, else the original.
    versions = {link["code"]: link for link in language_links(context) if link["real"]}
    version = versions.get(translation.get_language()) or versions.get(
        default_content_language(), {"code": default_content_language(), "url": "/"}
    )
    website = {
        "@type": "WebSite",
        "name": chrome["programme_name"],
        "url": request.build_absolute_uri(version["url"]),
        "inLanguage": version["code"],
    }
    data = json.dumps(
        [
            {"@context": "https://schema.org", **organization},
            {"@context": "https://schema.org", **website},
        ],
        ensure_ascii=False,
        sort_keys=True,
    ).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))  # noqa: S308
