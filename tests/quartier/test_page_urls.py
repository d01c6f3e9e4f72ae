"""A page's URL for a language (quartier.page_urls.url) and the router that
serves it: titles and slugs in every script under all six prefixes, draft
translations, translations with their own slugs, slug changes and moves."""

import pytest

from django.conf import settings
from django.core import mail
from django.test import Client

from wagtail.models import Locale

from blog.models import WorkshopPage
from outreach.digest import send_digest
from quartier.cache_invalidation import every_live_page_path
from quartier.translation_sync import create_translation

from ..blog.factories import EventIndexPageFactory, WorkshopPageFactory
from ..directory.factories import BusinessPageFactory, make_directory
from ..loopback import serve
from ..outreach.factories import SubscriptionFactory
from .test_cache import PurgeRecorder, use_page_cache

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
OTHER_LANGUAGES = [code for code in LANGUAGE_CODES if code != "de"]


def prefixed(code, path):
    return path if code == "de" else f"/{code}{path}"


def published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def unicode_site(home_page):
    """The pages of the issue: a workshop whose automatic slug kept the "ü",
    a business "Döner Öz" with the slug `döner-öz`, and a Turkish home page
    (a real translation), so /tr/ routes through its own tree."""
    events = EventIndexPageFactory(parent=home_page)
    workshop = published(
        WorkshopPageFactory(
            parent=events,
            title="WhatsApp Business für Einsteiger",
            slug="whatsapp-business-für-einsteiger",
        )
    )
    directory = make_directory(home_page)
    business = BusinessPageFactory(parent=directory, title="Döner Öz", slug="döner-öz")
    create_translation(home_page, "tr")
    return {"events": events, "workshop": workshop, "directory": directory, "business": business}


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_pages_with_unicode_slugs_answer_under_every_prefix(client, unicode_site, code):
    """The 500 of issue #26: NoReverseMatch for a percent-encoded path."""
    encoded_workshop = "/termine/whatsapp-business-f%C3%BCr-einsteiger/"
    for path in (
        "/",
        "/termine/",
        "/verzeichnis/",
        encoded_workshop,
        "/verzeichnis/d%C3%B6ner-%C3%B6z/",
    ):
        response = client.get(prefixed(code, path))
        assert response.status_code == 200, (code, path)
    listing = client.get(prefixed(code, "/termine/")).text
    assert f'href="{prefixed(code, encoded_workshop)}"' in listing
    directory = client.get(prefixed(code, "/verzeichnis/")).text
    assert f'href="{prefixed(code, "/verzeichnis/d%C3%B6ner-%C3%B6z/")}"' in directory


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["tr", "ar"])
def test_search_page_and_api_with_unicode_slugs(client, unicode_site, code):
    from django.urls import reverse
    from django.utils import translation

    with translation.override(code):
        search_path = reverse("search")
    response = client.get(search_path, {"q": "whatsapp"})
    assert response.status_code == 200
    assert f"/{code}/termine/whatsapp-business-f%C3%BCr-einsteiger/" in response.text
    response = client.get("/api/search/", {"q": "whatsapp", "lang": code})
    assert response.status_code == 200
    urls = [result["url"] for result in response.json()["results"]]
    assert f"/{code}/termine/whatsapp-business-f%C3%BCr-einsteiger/" in urls


@pytest.mark.django_db
def test_digest_links_a_unicode_slug_in_the_subscribers_language(unicode_site):
    SubscriptionFactory(email="tr@quartier.example", language="tr")
    SubscriptionFactory(email="de@quartier.example", language="de")

    send_digest()

    [turkish] = [m for m in mail.outbox if m.to == ["tr@quartier.example"]]
    assert "http://localhost/tr/termine/whatsapp-business-f%C3%BCr-einsteiger/" in turkish.body
    [german] = [m for m in mail.outbox if m.to == ["de@quartier.example"]]
    assert "http://localhost/termine/whatsapp-business-f%C3%BCr-einsteiger/" in german.body
    assert WorkshopPage.objects.count() == 1


# --- One router: a draft translation never takes its page offline ----------------


def language_link(html, code):
    """The switcher's link for `code` (hreflang is given for real versions only)."""
    import re

    found = re.search(rf'<a[^>]*hreflang="{code}"[^>]*href="([^"]+)"', html) or re.search(
        rf'<a[^>]*href="([^"]+)"[^>]*hreflang="{code}"', html
    )
    return found.group(1) if found else None


@pytest.mark.django_db
def test_a_draft_translation_serves_the_source_under_its_prefix(client, unicode_site):
    """ "Übersetzen" into Türkçe, saved as a draft and never published."""
    directory = unicode_site["directory"]
    draft = directory.copy_for_translation(Locale.objects.get(language_code="tr"))
    draft.title = "Rehber"
    draft.save_revision()
    assert not draft.live

    response = client.get("/tr/verzeichnis/")
    assert response.status_code == 200
    assert response.context["page"].pk == directory.pk
    assert client.get("/tr/verzeichnis/d%C3%B6ner-%C3%B6z/").status_code == 200
    home = client.get("/tr/").text
    assert 'href="/tr/verzeichnis/"' in home


@pytest.mark.django_db
def test_an_unpublished_translation_with_its_own_slug_gives_way_to_the_source(client, unicode_site):
    directory = unicode_site["directory"]
    turkish = create_translation(directory, "tr", title="Rehber", slug="rehber")
    assert client.get("/tr/rehber/").context["page"].pk == turkish.pk
    # The German slug under /tr/ serves the Turkish version too.
    assert client.get("/tr/verzeichnis/").context["page"].pk == turkish.pk
    german_page = Client().get("/verzeichnis/").text  # no language cookie
    assert 'href="/tr/rehber/"' in german_page

    turkish.unpublish()

    assert client.get("/tr/rehber/").status_code == 404
    response = client.get("/tr/verzeichnis/")
    assert response.status_code == 200
    assert response.context["page"].pk == directory.pk
    german_page = Client().get("/verzeichnis/").text  # no language cookie
    assert 'href="/tr/rehber/"' not in german_page
    assert 'href="/tr/verzeichnis/"' in german_page


@pytest.mark.django_db
def test_a_draft_home_translation_routes_through_the_german_tree(client, home_page):
    directory = make_directory(home_page)
    BusinessPageFactory(parent=directory, title="Kuaför Yıldız", slug="kuafor-yildiz")
    arabic_home = home_page.copy_for_translation(Locale.objects.get(language_code="ar"))
    arabic_home.save_revision()
    for path in ("/ar/", "/ar/verzeichnis/", "/ar/verzeichnis/kuafor-yildiz/"):
        assert client.get(path).status_code == 200, path
    assert client.get("/ar/verzeichnis/gibt-es-nicht/").status_code == 404
    assert client.get("/ar/verzeichnis/kuafor-yildiz/weiter/").status_code == 404


# --- Caches drop every URL a visitor could have cached -------------------------------


@pytest.fixture
def page_cache(settings, tmp_path):
    use_page_cache("local memory", settings, tmp_path)


def cached(path):
    """Whether `path` is answered from the page cache (after a first request)."""
    response = Client().get(path, HTTP_REFERER="http://testserver/")
    assert response.status_code == 200, path
    return response["X-Cache"] == "HIT"


def warm(*paths):
    """Each path in the page cache (the first request of a test stores the site's
    settings, which drops every page)."""
    for path in paths:
        Client().get(path, HTTP_REFERER="http://testserver/")
    for path in paths:
        Client().get(path, HTTP_REFERER="http://testserver/")
        assert cached(path), path


@pytest.mark.django_db
def test_a_slug_change_drops_the_old_urls_and_redirects_them_under_every_prefix(
    unicode_site, page_cache, django_capture_on_commit_callbacks
):
    workshop = unicode_site["workshop"]
    old = [
        prefixed(code, "/termine/whatsapp-business-f%C3%BCr-einsteiger/") for code in LANGUAGE_CODES
    ]
    warm(*old)
    with django_capture_on_commit_callbacks(execute=True):
        workshop.slug = "whatsapp-business-fuer-einsteiger"
        workshop.save_revision().publish()
    for code, path in zip(LANGUAGE_CODES, old, strict=True):
        response = Client().get(path, HTTP_REFERER="http://testserver/")
        assert response.status_code == 301, path
        new = prefixed(code, "/termine/whatsapp-business-fuer-einsteiger/")
        assert response["Location"] == new
        assert Client().get(new, HTTP_REFERER="http://testserver/").status_code == 200


@pytest.mark.django_db
def test_unpublishing_a_translation_with_its_own_slug_drops_the_source_slug_under_its_prefix(
    unicode_site, page_cache
):
    directory = unicode_site["directory"]
    turkish = create_translation(directory, "tr", title="Rehber", slug="rehber")
    warm("/tr/verzeichnis/", "/tr/rehber/")

    turkish.unpublish()

    response = Client().get("/tr/verzeichnis/", HTTP_REFERER="http://testserver/")
    assert response["X-Cache"] == "MISS"
    assert response.context["page"].pk == directory.pk
    assert Client().get("/tr/rehber/").status_code == 404


@pytest.mark.django_db
def test_a_unicode_path_is_dropped_as_the_request_reads_it(unicode_site, page_cache):
    business = unicode_site["business"]
    paths = [prefixed(code, "/verzeichnis/d%C3%B6ner-%C3%B6z/") for code in LANGUAGE_CODES]
    warm(*paths)
    business.tagline = "Jetzt mit Lahmacun"
    business.save_revision().publish()
    assert [cached(path) for path in paths] == [False] * len(paths)
    assert "Jetzt mit Lahmacun" in Client().get(paths[2], HTTP_REFERER="http://testserver/").text


@pytest.mark.django_db
def test_the_full_purge_lists_german_pages_under_all_six_prefixes(unicode_site):
    turkish_directory = create_translation(unicode_site["directory"], "tr", slug="rehber")
    paths = set(every_live_page_path())
    for code in LANGUAGE_CODES:
        assert prefixed(code, "/termine/whatsapp-business-für-einsteiger/") in paths
        assert prefixed(code, "/verzeichnis/döner-öz/") in paths
    assert "/tr/rehber/" in paths
    assert "/en/rehber/" not in paths
    assert turkish_directory.live


@pytest.mark.django_db
def test_the_frontend_cache_is_purged_with_encoded_urls(
    unicode_site, settings, django_capture_on_commit_callbacks
):
    PurgeRecorder.purged = []
    with serve(PurgeRecorder) as varnish:
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": varnish,
            }
        }
        with django_capture_on_commit_callbacks(execute=True):
            business = unicode_site["business"]
            business.slug = "doener-oez"
            business.save_revision().publish()
    purged = {path for _host, path in PurgeRecorder.purged}
    for code in LANGUAGE_CODES:
        assert prefixed(code, "/verzeichnis/d%C3%B6ner-%C3%B6z/") in purged
        assert prefixed(code, "/verzeichnis/doener-oez/") in purged


@pytest.mark.django_db
def test_a_search_reads_the_site_root_paths_once_for_all_its_links(client, home_page, monkeypatch):
    """Every result row's link needs Wagtail's site root paths; with Redis each
    reading was a round trip, twenty per page of results. Businesses with
    titles as people type them, under three prefixes."""
    from wagtail.models import Site

    directory = make_directory(home_page)
    titles = ["Bäckerei Größe", "Kuaför Işık", "حلاق الشام", "Фризьор Ана", "Croitorie Țesătură 🧵"]
    for title in titles:
        published(BusinessPageFactory(parent=directory, title=title, tagline="Straße"))
    calls = []
    reading = Site.get_site_root_paths

    def counted():
        calls.append(1)
        return reading()

    monkeypatch.setattr(Site, "get_site_root_paths", staticmethod(counted))
    for lang, prefix in (("de", ""), ("tr", "/tr"), ("ar", "/ar")):
        calls.clear()
        response = client.get("/api/search/", {"q": "straße", "lang": lang})
        assert response.status_code == 200
        rows = response.json()["results"]
        assert sorted(row["title"] for row in rows) == sorted(titles)
        assert all(row["url"].startswith(f"{prefix}/") for row in rows)
        assert len(calls) == 1


@pytest.mark.django_db
def test_a_site_saved_during_a_request_is_read_again(home_page):
    """The per-request copy of the root paths follows a Site changed in the
    same request (the admin's Sites view saves, then links)."""
    from wagtail.models import Site

    from quartier import cache as page_cache
    from quartier.page_urls import site_root_paths

    page_cache.begin_request()
    try:
        before = {root.root_url for root in site_root_paths()}
        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = "quartier-düsseldorf.example", 443
        site.save()
        after = {root.root_url for root in site_root_paths()}
    finally:
        page_cache.end_request()
    assert "https://quartier-düsseldorf.example" in after
    assert before != after


@pytest.mark.django_db
def test_a_new_home_page_translation_is_linked_in_the_same_request(home_page):
    """Translating the home page makes a new site root path (Wagtail clears
    its cache on the save); the per-request copy follows in the same request,
    so the links and purge lists built after it use the Turkish root."""
    from quartier import cache as page_cache
    from quartier.page_urls import site_root_paths

    page_cache.begin_request()
    try:
        before = {root.language_code for root in site_root_paths()}
        create_translation(home_page, "tr", title="Ana sayfa Işık")
        after = {root.language_code for root in site_root_paths()}
    finally:
        page_cache.end_request()
    assert "tr" not in before
    assert "tr" in after
