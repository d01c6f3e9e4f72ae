"""The round trip of quartier.page_urls.url and the router, property-based:
for titles in every script (umlauts and ß, Turkish ı İ ş ğ ç, Romanian ș ț,
Cyrillic, Arabic, emoji), every page type and all six languages, with slugs
as the old admin made them (Unicode) and as the slug policy makes them
(ASCII), with and without a Turkish translation (published with its own
slug, or a draft), the URL a page gives for a language serves that page."""

import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils.text import slugify

from wagtail.models import Locale

from quartier.models import StandardPage
from quartier.page_urls import url
from quartier.translation_sync import create_translation

from ..blog.factories import (
    CampaignPageFactory,
    EventIndexPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    WorkshopPageFactory,
)
from ..directory.factories import BusinessPageFactory, make_directory
from ..jobs.factories import JobsIndexPageFactory

LANGUAGE_CODES = [code for code, _name in django_settings.LANGUAGES]

# Letters people type in the districts, and what breaks URLs: marks, emoji.
ALPHABET = (
    "abcdefghijklmnopqrstuvwxyz ABCXYZ 0123456789 -&'"
    "äöüÄÖÜß ıİşŞğĞçÇ șțăâîȘȚ "
    "абвгдежзийклмнопрстуфхцчшщъьюя БГДЖЗ "
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي "
    "🍕🎉👩‍🔧"
)
TITLES = st.text(alphabet=ALPHABET, min_size=1, max_size=40).filter(lambda t: t.strip())

# How each page type is made, under the parent the fixture gives it.
MAKERS = {
    "standard": lambda parents, **kw: parents["home"].add_child(
        instance=StandardPage(introduction="Angaben", **kw)
    ),
    "business": lambda parents, **kw: BusinessPageFactory(parent=parents["directory"], **kw),
    "campaign": lambda parents, **kw: CampaignPageFactory(parent=parents["events"], **kw),
    "workshop": lambda parents, **kw: WorkshopPageFactory(parent=parents["events"], **kw),
    "news": lambda parents, **kw: NewsPageFactory(parent=parents["news"], **kw),
    "event index": lambda parents, **kw: EventIndexPageFactory(parent=parents["home"], **kw),
}


@pytest.fixture
def parents(home_page):
    return {
        "home": home_page,
        "directory": make_directory(home_page),
        "events": EventIndexPageFactory(parent=home_page),
        "news": NewsIndexPageFactory(parent=home_page),
        "jobs": JobsIndexPageFactory(parent=home_page),
    }


def draft_translation(page, language, title):
    """ "Übersetzen" saved as a draft: the ancestors translated and published
    first (as quartier.translation_sync.create_translation does), the page not."""
    locale = Locale.objects.get(language_code=language)
    for ancestor in page.get_ancestors().filter(depth__gt=1).specific():
        if not ancestor.has_translation(locale):
            ancestor.copy_for_translation(locale).save_revision().publish()
    draft = page.copy_for_translation(locale)
    draft.title = title
    draft.save_revision()
    assert not draft.live
    return draft


def served(path):
    """The page a visitor gets at `path` (a fresh visitor, no redirect)."""
    response = Client().get(path, HTTP_REFERER="http://testserver/")
    assert response.status_code == 200, path
    return response.context["page"]


@pytest.mark.django_db
@settings(
    max_examples=10,
    deadline=None,
    # Each example builds pages and makes a dozen requests: no shrinking rounds.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(sorted(MAKERS)),
    title=TITLES,
    unicode_slug=st.booleans(),
    turkish=st.sampled_from(["none", "published", "draft"]),
    turkish_title=TITLES,
)
@example(
    kind="workshop",
    title="WhatsApp Business für Einsteiger",
    unicode_slug=True,
    turkish="draft",
    turkish_title="Yeni başlayanlar için",
)
@example(kind="business", title="Döner Öz", unicode_slug=True, turkish="none", turkish_title="x")
@example(
    kind="standard",
    title="Fırın Anadolu 🍞",
    unicode_slug=False,
    turkish="published",
    turkish_title="Kuaför Yıldız",
)
@example(kind="news", title="حلاق الحي", unicode_slug=True, turkish="published", turkish_title="Ș")
def test_every_page_answers_at_its_url_in_every_language(
    parents, kind, title, unicode_slug, turkish, turkish_title
):
    with transaction.atomic():
        cache.clear()
        # The old admin's automatic slug kept Unicode; the policy's is ASCII (slug="").
        slug = slugify(title, allow_unicode=True) if unicode_slug else ""
        page = MAKERS[kind](parents, title=title, slug=slug)
        page.save_revision().publish()
        page.refresh_from_db()
        assert page.slug
        if not unicode_slug:
            assert page.slug.isascii(), page.slug

        translated = None
        if turkish == "published" and kind != "business":
            translated = create_translation(page, "tr", title=turkish_title, slug="")
            assert translated.slug.isascii()
        elif turkish == "draft" and kind != "business":
            draft_translation(page, "tr", turkish_title)

        for code in LANGUAGE_CODES:
            expected = translated if code == "tr" and translated is not None else page
            assert served(url(page, code)).pk == expected.pk, (code, url(page, code))
        if translated is not None:
            assert served(url(translated, "tr")).pk == translated.pk
            # A translation is served under its own prefix only.
            assert url(translated, "de") == url(translated, "tr")
        transaction.set_rollback(True)
