"""A page's URL for a language (quartier.page_urls.url) and the router that
serves it: titles and slugs in every script under all six prefixes, draft
translations, translations with their own slugs, slug changes and moves."""

import pytest

from django.conf import settings
from django.core import mail

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
