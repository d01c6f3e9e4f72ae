"""A page's URL for a language (quartier.page_urls.url) and the router that
serves it: titles and slugs in every script under all six prefixes, draft
translations, translations with their own slugs, slug changes and moves."""

import pytest

from django.conf import settings
from django.core import mail

from wagtail.models import Locale

from blog.models import WorkshopPage
from outreach.digest import send_digest
from quartier.translation_sync import create_translation

from ..blog.factories import EventIndexPageFactory, WorkshopPageFactory
from ..directory.factories import BusinessPageFactory, make_directory
from ..outreach.factories import SubscriptionFactory

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
    german_page = client.get("/verzeichnis/").text
    assert 'href="/tr/rehber/"' in german_page

    turkish.unpublish()

    assert client.get("/tr/rehber/").status_code == 404
    response = client.get("/tr/verzeichnis/")
    assert response.status_code == 200
    assert response.context["page"].pk == directory.pk
    german_page = client.get("/verzeichnis/").text
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
