"""sitemap.xml over the page trees of every language, with hreflang alternates.

Wagtail's Sitemap lists only the site's root tree (German). A translated page
lives in its own language's tree and is listed too, each entry naming its
translations as `<xhtml:link rel="alternate" hreflang=…>`. Aliases are left
out (the site has none since quartier_i18n's de-aliasing migration): German text
under another prefix is no language version. A business lists its German URL
plus one URL per language its texts are translated into
(BusinessPage.get_sitemap_urls).

URLs are computed with German active: the sitemap has no language prefix, and
a German page's URL would otherwise follow the visitor's cookie."""

from django.db.models import Q
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.utils import translation
from django.views.decorators.http import require_GET

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from .i18n import default_content_language
from .page_urls import full_url


class TranslatedSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Q()
        for tree_root in Page.objects.filter(translation_key=root.translation_key):
            trees |= Q(path__startswith=tree_root.path)
        return (
            Page.objects.filter(trees, alias_of__isnull=True)
            .live()
            .public()
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        with translation.override(default_content_language()):
            return self._urls_in_source_language(page)

    def _urls_in_source_language(self, page):
        objects = list(self.paginator.page(page).object_list)
        _prepare(objects)
        alternates = self._alternates({item.translation_key for item in objects})
        urls = []
        last_mods = set()
        for item in objects:
            for url_info in item.get_sitemap_urls(self.request):
                # A page's own entries (a position on the jobs board) may name
                # their language versions themselves.
                translations = url_info.get("alternates") or alternates.get(
                    item.translation_key, []
                )
                if len(translations) > 1:
                    url_info = {**url_info, "alternates": with_x_default(translations)}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _alternates(self, translation_keys):
        """{translation_key: [{"lang_code", "location"}]} of the listed (live,
        public, not alias) language versions; one query for a sitemap page."""
        found = {}
        pages = (
            Page.objects.filter(translation_key__in=translation_keys, alias_of__isnull=True)
            .live()
            .public()
            .select_related("locale")
        )
        for page in pages:
            location = full_url(page, page.locale.language_code)
            if location:
                found.setdefault(page.translation_key, []).append(
                    {"lang_code": page.locale.language_code, "location": location}
                )
        return found


def with_x_default(alternates):
    """The language versions plus `x-default`: the German one, which serves
    visitors whose language has no version of its own."""
    alternates = [item for item in alternates if item["lang_code"] != "x-default"]
    source = default_content_language()
    default = next((item for item in alternates if item["lang_code"] == source), None)
    if default is None:
        return alternates
    return [*alternates, {"lang_code": "x-default", "location": default["location"]}]


def _prepare(pages):
    """Lets each page type load what its sitemap entries need for all its
    pages at once (`prepare_for_sitemap`), instead of a query per page."""
    by_type = {}
    for page in pages:
        by_type.setdefault(type(page), []).append(page)
    for page_type, group in by_type.items():
        prepare = getattr(page_type, "prepare_for_sitemap", None)
        if prepare is not None:
            prepare(group)


@require_GET
def robots_txt(request):
    """Crawlers may read every public page, not the admin, and find the sitemap."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever a page names."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
