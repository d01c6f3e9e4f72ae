"""locale_admin/: Django's and Wagtail's strings that would fall back to German,
kept up to date by `manage.py admin_catalogue`; labels Wagtail translates once
per process are in each user's language."""

import io

import polib
import pytest

from django.core.management import call_command
from django.utils import translation

from wagtail.users.models import UserProfile

from quartier.admin_i18n import WHATS_NEW_LABEL
from quartier.management.commands.admin_catalogue import ENGLISH_FALLBACK, build, catalogue_dir
from tests.directory.factories import UserFactory
from tests.directory.test_owner_admin_languages import shown_text

pytestmark = pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")


def test_the_catalogue_is_what_the_installed_wagtail_needs():
    call_command("admin_catalogue", "--check", stdout=io.StringIO())


def test_a_translation_is_kept_and_a_new_string_comes_in_english():
    ours = polib.pofile(str(catalogue_dir() / "tr" / "LC_MESSAGES" / "django.po"))
    catalogue = build("tr", "django", current=ours)
    entry = next(e for e in catalogue if e.msgid == "Saved" and not e.msgctxt)
    assert entry.msgstr == "Kaydedildi" and ENGLISH_FALLBACK not in (entry.comment or "")
    # Without our file, the same string would be English, marked as such.
    fresh = build("tr", "django", current=polib.POFile())
    entry = next(e for e in fresh if e.msgid == "Saved" and not e.msgctxt)
    assert (entry.msgstr, entry.comment) == ("Saved", ENGLISH_FALLBACK)
    # Plurals: the form for one is the singular, the others the plural.
    plural = next(e for e in build("ar", "django", current=polib.POFile()) if e.msgid_plural)
    assert plural.msgstr_plural[1] == plural.msgid
    assert {plural.msgstr_plural[index] for index in (0, 2, 3, 4, 5)} == {plural.msgid_plural}


@pytest.mark.django_db
def test_german_and_arabic_users_see_whats_new_in_their_own_language(client, home_page):
    labels = {}
    for language in ("ar", "de", "tr"):
        with translation.override(language):
            labels[language] = translation.gettext(WHATS_NEW_LABEL) % {"version": "8.0"}
    assert len(set(labels.values())) == 3
    for language in ("ar", "de", "tr", "ar"):
        user = UserFactory(is_superuser=True)
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = language
        profile.save()
        client.force_login(user)
        dashboard = shown_text(client.get("/admin/").text)  # the sidebar's JSON too
        shown = {other for other, label in labels.items() if label in dashboard}
        assert shown == {language}, (language, shown)
