"""No German of Wagtail's or Django's catalogues on what an owner meets with
the admin in English, Turkish, Arabic, Bulgarian or Romanian: the login page
(no user yet: the browser's language), the dashboard, her business's edit
screen (hours, translations), the image library and upload, the history and
revisions, the account settings, refusals and messages. Wagtail's catalogues
lack many of its strings in these languages and Django falls back to the
site's language; locale_admin/ (manage.py admin_catalogue) stops that."""

import io
import json
import re
import zoneinfo
from html import escape
from pathlib import Path

import polib
import pytest
from bs4 import MarkupResemblesLocatorWarning

import django
from django.conf import settings
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import trans_real
from django.views.i18n import JavaScriptCatalog

import wagtail
from wagtail.users.models import UserProfile

from .factories import (
    BusinessPageFactory,
    CategoryFactory,
    DistrictFactory,
    make_directory,
    shopkeeper,
)
from .test_moderation import edit_data
from .test_owner_admin_languages import german_patterns, shown_text, text_pattern

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings(
        f"ignore::{MarkupResemblesLocatorWarning.__module__}.MarkupResemblesLocatorWarning"
    ),
]

ADMIN_LANGUAGES = ["en", "tr", "ar", "bg", "ro"]


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues():
    call_command("compile_translations", stdout=io.StringIO())
    trans_real._translations = {}
    trans_real._default = None


def german_catalogue():
    """{(msgctxt, msgid): German text} of Django's and Wagtail's catalogues,
    the strings of the admin's scripts (djangojs) included."""
    german = {}
    for package in (wagtail, django):
        for path in Path(package.__file__).parent.glob("**/locale/de/LC_MESSAGES/django*.po"):
            for entry in polib.pofile(str(path)).translated_entries():
                if not entry.msgid_plural:
                    german.setdefault((entry.msgctxt, entry.msgid), " ".join(entry.msgstr.split()))
    return german


WORD = re.compile(r"[^\W\d_]{4,}")


def wagtail_german_patterns(language):
    """(German text, pattern) for every German text of Django's and Wagtail's
    catalogues with a word of four letters or more that no text in `language`
    has (as Django translates into it now, English where it has nothing better):
    "Workflow", "Filter" or "Status" are no finding, nor are the languages'
    own names ("Deutsch") or time zones. The whole sentence before its words,
    so that one finding names the string."""
    german = german_catalogue()
    with translation.override(language):
        shown = [
            translation.pgettext(ctx, msgid) if ctx else translation.gettext(msgid)
            for ctx, msgid in german
        ]
    shown += script_catalogue(language).values()
    shown += [name for _code, name in settings.LANGUAGES]
    shown += zoneinfo.available_timezones()
    ours = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
    shown += [entry.msgstr for entry in polib.pofile(str(ours)).translated_entries()]
    vocabulary = {word.casefold() for text in shown for word in WORD.findall(text)}
    texts = {
        text
        for text in german.values()
        if any(word.casefold() not in vocabulary for word in WORD.findall(text))
    }
    patterns = []
    for text in sorted(texts, key=lambda text: (-len(text), text)):
        body = text_pattern(text)
        if body:
            patterns.append((text, re.compile(rf"(?<!\w){body}(?!\w)")))
    # Ours too (German msgids), with the same measure of what is German.
    for msgid, pattern in german_patterns(language):
        if any(word.casefold() not in vocabulary for word in WORD.findall(msgid)):
            patterns.append((msgid, pattern))
    return patterns


def script_catalogue(language, client=None):
    """{msgid: text} the admin's scripts show in `language` (Wagtail's
    JavaScript catalogue as a signed-in user with that language gets it)."""
    if client is None:
        with translation.override(language):
            response = JavaScriptCatalog.as_view(packages=["wagtail.admin"])(
                RequestFactory().get("/admin/jsi18n/")
            )
    else:
        response = client.get("/admin/jsi18n/")
    assert response.status_code == 200
    source = response.content.decode()
    found = re.search(r"const newcatalog = (\{.*?\});\n", source, re.S)
    catalogue = json.loads(found.group(1)) if found else {}  # English: the msgids
    texts = {}
    for msgid, text in catalogue.items():
        for one in text if isinstance(text, list) else [text]:
            texts[f"{msgid}|{one}"] = " ".join(one.split())
    return texts


def german_found(html, patterns):
    text = shown_text(html)
    found = []
    for german, pattern in patterns:
        match = pattern.search(text)
        if match:
            found.append(f"{german!r} in …{text[max(match.start() - 60, 0) : match.end() + 60]}…")
            text = pattern.sub("\N{REPLACEMENT CHARACTER}", text)
    return found


def test_the_check_finds_wagtails_german():
    patterns = wagtail_german_patterns("tr")
    html = (
        "<h1>Bei Wagtail anmelden</h1><button>Alle einklappen</button>"
        "<p>Lokanta 7</p><p>Standart</p>"
    )
    found = german_found(html, patterns)
    assert len(found) == 2, found
    assert found[0].startswith("'Bei Wagtail anmelden'")
    assert found[1].startswith("'Alle einklappen'")
    assert german_found("<p>Lokanta 7: Standart</p>", patterns) == []


def owner_screens(client, business, owner, language):
    """[(what, response)] an owner reaches with the admin in `language`."""
    login = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=f"{language},de;q=0.5")
    failed_login = client.post(
        "/admin/login/",
        {"username": owner.username, "password": "falsch-ß"},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    profile = UserProfile.get_for_user(owner)
    profile.preferred_language = language
    profile.save()
    client.force_login(owner)
    edit_url = f"/admin/pages/{business.pk}/edit/"
    screens = [
        ("login", login),
        ("failed login", failed_login),
        ("dashboard", client.get("/admin/")),
        ("edit", client.get(edit_url)),
        ("images", client.get("/admin/images/")),
        ("image upload", client.get("/admin/images/multiple/add/")),
        ("image chooser", client.get("/admin/images/chooser/")),
        ("history", client.get(f"/admin/pages/{business.pk}/history/")),
        ("workflow history", client.get(f"/admin/pages/{business.pk}/workflow_history/")),
        ("account", client.get("/admin/account/")),
        ("refused", client.get(f"/admin/pages/{business.get_parent().pk}/", follow=True)),
    ]
    saved = client.post(edit_url, edit_data(business, tagline="Taze ekmek"), follow=True)
    screens.append(("saved draft", saved))
    business.refresh_from_db()
    revision = business.get_latest_revision().pk
    revisions = f"/admin/pages/{business.pk}/revisions"
    screens.append(("revision compared", client.get(f"{revisions}/compare/live...{revision}/")))
    submitted = client.post(
        edit_url, edit_data(business, tagline="Taze ekmek", **{"action-submit": "1"}), follow=True
    )
    screens.append(("submitted", submitted))
    screens.append(("in review", client.get(edit_url)))
    cancelled = client.post(
        edit_url,
        edit_data(business, tagline="Taze ekmek", **{"action-cancel-workflow": "1"}),
        follow=True,
    )
    screens.append(("workflow cancelled", cancelled))
    screens.append(("history later", client.get(f"/admin/pages/{business.pk}/history/")))
    screens.append(("dashboard later", client.get("/admin/")))
    return screens


@pytest.mark.parametrize("language", ADMIN_LANGUAGES)
def test_no_german_of_wagtail_for_an_owner(client, home_page, language):
    # Data in neutral words: the business's own content is not the admin's.
    business = BusinessPageFactory(
        parent=make_directory(home_page),
        category=CategoryFactory(name="Lokanta", slug="lokanta"),
        district=DistrictFactory(name="Marxloh", slug="marxloh"),
        title="Lokanta 7",
        slug="lokanta-7",
        tagline="",
    )
    owner = shopkeeper(business)
    owner.first_name, owner.last_name = "Lale", "Yıldız"
    owner.save()
    patterns = wagtail_german_patterns(language)
    problems = {}
    for what, response in owner_screens(client, business, owner, language):
        assert response.status_code == 200, what
        if response["Content-Type"].startswith("application/json"):
            html = response.json()["html"]  # a modal's content
        else:
            html = response.text
            assert re.search(rf'<html[^>]* lang="{language}"', html), what
        found = german_found(html, patterns)
        if found:
            problems[what] = found
    scripts = "</p><p>".join(escape(text) for text in script_catalogue(language, client).values())
    found = german_found(f"<p>{scripts}</p>", patterns)
    if found:
        problems["the scripts' strings"] = found
    assert problems == {}, f"German with the admin in {language}: {problems}"


def test_the_login_page_offers_the_languages_and_keeps_the_choice(client):
    page = client.get("/admin/login/?next=/admin/pages/", HTTP_ACCEPT_LANGUAGE="de")
    assert re.search(r'<html[^>]* lang="de"', page.text)
    assert '<button type="submit" name="language" value="ar" lang="ar"' in page.text
    chosen = client.post(
        "/i18n/setlang/",
        {"language": "ar", "next": "/admin/login/?next=/admin/pages/"},
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert (chosen.status_code, chosen["Location"]) == (302, "/admin/login/?next=/admin/pages/")
    page = client.get("/admin/login/?next=/admin/pages/", HTTP_ACCEPT_LANGUAGE="de")
    assert re.search(r'<html[^>]* lang="ar" dir="rtl"', page.text)
    with translation.override("ar"):
        assert translation.gettext("Sign in to Wagtail") in page.text
