"""directory.0007 on a database in the old shape: six page trees of aliases,
a real Turkish translation of a campaign (kept, with the Turkish pages above
it) and a real Turkish translation of a business (folded into the German page's
texts, then removed)."""

import pytest

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wagtail.models import Locale, Page

from blog.models import CampaignPage
from directory.models import BusinessPage, BusinessPageTranslation

from ..blog.factories import CampaignPageFactory, EventIndexPageFactory
from .factories import BusinessPageFactory, DirectoryIndexPageFactory

BEFORE = [("directory", "0006_business_text_translations")]
AFTER = [("directory", "0007_remove_page_aliases")]
OTHER_LANGUAGES = ["en", "tr", "ar", "bg", "ro"]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def old_shape(home_page):
    """What WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE made: every page aliased
    into every locale, some aliases converted into real translations."""
    directory = DirectoryIndexPageFactory(parent=home_page, title="Verzeichnis")
    kemal = BusinessPageFactory(
        parent=directory, title="Berber Kemal", slug="berber-kemal", tagline="Ihr Friseur"
    )
    other = BusinessPageFactory(parent=directory, title="Laden B", slug="laden-b")
    events = EventIndexPageFactory(parent=home_page, title="Termine")
    campaign = CampaignPageFactory(parent=events, title="Herbstmarkt", slug="herbstmarkt")
    campaign.participating_businesses.add(kemal)
    campaign.save_revision().publish()
    for code in OTHER_LANGUAGES:
        locale = Locale.objects.get(language_code=code)
        for page in (home_page, directory, kemal, other, events, campaign):
            if not page.has_translation(locale):
                page.specific.copy_for_translation(locale, copy_parents=True, alias=True)
    turkish = Locale.objects.get(language_code="tr")
    # A real translation of the campaign (its parents stay aliases) ...
    tr_campaign = CampaignPage.objects.get(translation_key=campaign.translation_key, locale=turkish)
    Page.objects.filter(pk=tr_campaign.pk).update(alias_of=None, title="Sonbahar pazarı")
    # ... and of a business, with its own Turkish tagline.
    tr_kemal = BusinessPage.objects.get(translation_key=kemal.translation_key, locale=turkish)
    BusinessPage.objects.filter(pk=tr_kemal.pk).update(alias_of=None, tagline="Berberiniz")
    return {"kemal": kemal, "other": other, "campaign": campaign, "tr_campaign": tr_campaign}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skip(
    reason="builds the 0006 shape with today's models, which no longer fit the 0006 schema "
    "(directory 0011/0012 added category and business columns); 0007 ran on every site in "
    "2026-11. Rewrite with the executor's historical models before changing 0007 again."
)
def test_aliases_go_real_translations_stay_business_texts_are_folded(migrated_content):
    migrate(BEFORE)
    try:
        pages = old_shape(migrated_content)
        german_pages = Page.objects.filter(depth__gt=1, locale__language_code="de").count()
        assert german_pages == 6  # home, directory, two businesses, events, campaign
        assert Page.objects.filter(alias_of__isnull=False).count() == german_pages * 5 - 2

        migrate(AFTER)
    finally:
        migrate(AFTER)

    assert not Page.objects.filter(alias_of__isnull=False).exists()
    kemal = BusinessPage.objects.get(pk=pages["kemal"].pk)
    # One page per business; the Turkish tagline is now one of its texts.
    assert BusinessPage.objects.count() == 2
    assert list(kemal.text_translations.values_list("language", "tagline")) == [
        ("tr", "Berberiniz")
    ]
    assert BusinessPageTranslation.objects.count() == 1
    # The real campaign translation is kept, with the (now ordinary) Turkish
    # home and event index pages above it; nothing else in other languages.
    assert sorted(
        Page.objects.filter(depth__gt=1)
        .exclude(locale__language_code="de")
        .values_list("locale__language_code", "slug")
    ) == [("tr", "herbstmarkt"), ("tr", "home-tr"), ("tr", "termine")]
    assert Page.objects.filter(depth__gt=1).count() == 6 + 3
    # The tree is sound: treebeard finds no problem (numchild included).
    assert Page.find_problems() == ([], [], [], [], [])
    tr_campaign = CampaignPage.objects.get(pk=pages["tr_campaign"].pk)
    assert tr_campaign.canonical().pk == pages["campaign"].pk
    assert list(tr_campaign.canonical().participating_businesses.all()) == [kemal]
