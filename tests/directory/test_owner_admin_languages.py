"""The admin in the owner's language: the owner chooses it in their account
settings, and with the admin in English, Turkish, Arabic, Bulgarian or
Romanian no German string of our catalogue is left on what an owner sees (the
dashboard, the edit screen with the hours editor, the closure form, the action
menu and its messages, the pages of the reminder's links)."""

import io
import json
import re
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

import django
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils.translation import trans_real

import wagtail
from wagtail.users.models import UserProfile

from freshness import reminders

from .factories import (
    BusinessPageFactory,
    CategoryFactory,
    DistrictFactory,
    make_directory,
    shopkeeper,
)
from .test_hours_owner import editor_rows, post_edit
from .test_moderation import edit_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.filterwarnings(
        f"ignore::{MarkupResemblesLocatorWarning.__module__}.MarkupResemblesLocatorWarning"
    ),
]

ADMIN_LANGUAGES = ["en", "tr", "ar", "bg", "ro"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdi]|%[sdi]|\{\w*\}")
SHOWN_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "data-w-tooltip-content-value")


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogues():
    """The .mo files as the .po files say now (a stale build would hide a gap)."""
    call_command("compile_translations", stdout=io.StringIO())
    trans_real._translations = {}
    trans_real._default = None


def german_patterns(language):
    """(msgid, pattern) for each msgid of our catalogue whose translation into
    `language` differs from it (a word both languages share is no finding);
    placeholders match any text, and a match must start and end at word edges."""
    path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
    for entry in polib.pofile(str(path)).translated_entries():
        msgid = " ".join(entry.msgid.split())
        if msgid == " ".join(entry.msgstr.split()):
            continue
        body = text_pattern(msgid)
        if body:
            yield msgid, re.compile(rf"(?<!\w){body}(?!\w)")


def text_pattern(text):
    """`text` as a regular expression in which placeholders match any text;
    None when its literal parts are too short to mean anything."""
    parts = [part.strip() for part in PLACEHOLDER.split(text) if part.strip()]
    if not parts or max(len(part) for part in parts) < 3:
        return None
    return r"[\s\S]{0,200}?".join(re.escape(part) for part in parts)


# Wagtail builds its help menu once per process, in the language of the first
# admin page served (wagtail/admin/wagtail_hooks.py): not ours to translate.
WAGTAIL_TRANSLATED_ONCE = {"What's new in Wagtail %(version)s"}


def fallback_german(language):
    """Texts that Wagtail or Django show in German in `language`: strings their
    own catalogue for `language` lacks fall back to the site's language (German),
    as Django does for every language but English. Wagtail 8's Bulgarian catalogue
    holds about a fifth of its strings, its Turkish four fifths. Not ours to
    translate, and removed from the page before our msgids are looked for, so
    that "Für alle sichtbar" (Wagtail) is not taken for our "Für alle"."""
    translated, german = set(), {}
    for package in (wagtail, django):
        root = Path(package.__file__).parent
        for path in root.glob(f"**/locale/{language}/LC_MESSAGES/django.po"):
            translated |= {
                (entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path)) if entry.msgstr
            }
        for path in root.glob("**/locale/de/LC_MESSAGES/django.po"):
            for entry in polib.pofile(str(path)).translated_entries():
                if not entry.msgid_plural:
                    key = (entry.msgctxt, entry.msgid)
                    german.setdefault(key, " ".join(entry.msgstr.split()))
    texts = {
        text
        for key, text in german.items()
        if text and (key not in translated or key[1] in WAGTAIL_TRANSLATED_ONCE)
    }
    patterns = []
    # The whole sentence before its words, measured without placeholders.
    for text in sorted(texts, key=lambda text: (-len(PLACEHOLDER.sub("", text)), text)):
        body = text_pattern(text)
        if body:
            anchor = max(PLACEHOLDER.split(text), key=len).strip()
            patterns.append((anchor, re.compile(rf"(?<!\w){body}(?!\w)")))
    return patterns


def remove_not_ours(text, not_ours):
    for anchor, pattern in not_ours:
        if anchor in text:
            text = pattern.sub("\N{REPLACEMENT CHARACTER}", text)
    return text


def json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def shown_text(html, region=None):
    """What a person reads or hears: text (templates for added rows included),
    labelling attributes and the strings of the admin's JSON props (sidebar,
    telepath definitions); scripts' code and styles are not text."""
    soup = BeautifulSoup(html, "html.parser")
    if region is not None:
        soup = soup.select_one(region)
    chunks = []
    for script in soup.find_all("script"):
        if script.get("type") == "application/json" and script.string:
            for text in json_strings(json.loads(script.string)):
                chunks.append(BeautifulSoup(text, "html.parser").get_text(" "))
        script.decompose()
    for style in soup.find_all("style"):
        style.decompose()
    for tag in soup.find_all(True):
        chunks.extend(tag[name] for name in SHOWN_ATTRIBUTES if tag.get(name))
    chunks.append(soup.get_text(" "))
    return "\n".join(" ".join(chunk.split()) for chunk in chunks)


def german_left(html, patterns, region=None, not_ours=None):
    text = shown_text(html, region)
    if not_ours:
        text = remove_not_ours(text, not_ours)
    return sorted({msgid for msgid, pattern in patterns if pattern.search(text)})


def test_the_check_finds_a_german_string_and_allows_shared_words():
    html = (
        '<main><h2>Wann haben Sie geöffnet?</h2><button title="Fotos hinzufügen">+</button>'
        "<p>Logo</p><p>Vorübergehend geschlossen, öffnet wieder am 3. Januar 2027</p>"
        '<script type="application/json">{"label": "So erreicht man Sie"}</script></main>'
    )
    patterns = [
        (msgid, pattern)
        for msgid, pattern in german_patterns("tr")
        if msgid
        in {
            "Wann haben Sie geöffnet?",
            "Fotos hinzufügen",
            "Logo",  # "Logo" in Turkish too: no finding
            "Vorübergehend geschlossen, öffnet wieder am %(date)s",
            "So erreicht man Sie",
            "Stand",  # not on the page
        }
    ]
    assert "Logo" not in {msgid for msgid, _pattern in patterns}
    assert german_left(html, patterns) == [
        "Fotos hinzufügen",
        "So erreicht man Sie",
        "Vorübergehend geschlossen, öffnet wieder am %(date)s",
        "Wann haben Sie geöffnet?",
    ]
    assert german_left("<p>Sahibi: Standart</p>", patterns) == []  # word edges


def owner_pages(client, business, owner, language):
    """[(what, html, region)] an owner meets, with the admin in `language`."""
    profile = UserProfile.get_for_user(owner)
    profile.preferred_language = language
    profile.save()
    client.force_login(owner)
    edit_url = f"/admin/pages/{business.pk}/edit/"
    closure_url = f"/admin/verzeichnis/geschaeft/{business.pk}/voruebergehend-geschlossen/"
    pages = [
        ("dashboard", client.get("/admin/").text, None),
        ("edit", client.get(edit_url).text, None),
    ]
    week = [[("9", "18")]] * 5 + [[("25", "16")], []]
    wrong_hours = post_edit(client, business, editor_rows(week, exceptions=[("2027-01-09", "")]))
    assert wrong_hours.status_code == 200
    pages.append(("hours error", wrong_hours.text, None))
    pages.append(("closure", client.get(closure_url).text, None))
    wrong_date = client.post(closure_url, {"closed": "on", "reopens_on": "2000-01-01"})
    pages.append(("closure error", wrong_date.text, None))
    submitted = client.post(
        edit_url,
        edit_data(business, tagline="Taze ekmek", **{"action-submit": "1"}),
        follow=True,
    )
    pages.append(("after submitting", submitted.text, None))
    pages.append(("in review", client.get(edit_url).text, None))
    closed = client.post(closure_url, {"closed": "on", "reopens_on": ""}, follow=True)
    pages.append(("closed", closed.text, None))
    pages.append(("dashboard later", client.get("/admin/").text, None))
    client.logout()
    mail.outbox.clear()
    reminders.send_reminder(business, owner)
    links = re.findall(r"http://testserver(/\S+/angaben/antwort/\S+/)", mail.outbox[0].body)
    assert len(links) == 2 and links[0].startswith(f"/{language}/")
    pages.append(("reminder link", client.get(links[0]).text, "main"))
    answered = client.post(links[0], follow=True)
    pages.append(("reminder answered", answered.text, "main"))
    pages.append(("reminder link used", client.get(links[1]).text, "main"))
    return pages


@pytest.mark.parametrize("language", ADMIN_LANGUAGES)
def test_nothing_of_ours_stays_german_for_an_owner(client, home_page, language):
    # Data in neutral words: names of categories and districts are not ours to translate.
    business = BusinessPageFactory(
        parent=make_directory(home_page),
        category=CategoryFactory(name="Lokanta", slug="lokanta"),
        district=DistrictFactory(name="Marxloh", slug="marxloh"),
        title="Lokanta 7",
        slug="lokanta-7",
        tagline="",
        street="Kaiser-Wilhelm-Str.",
        opening_hours="Mo-Fr 09:00-18:00; Sa 10:00-14:00; PH off; 2026 Dec 27-2027 Jan 03 off",
    )
    owner = shopkeeper(business)
    owner.first_name, owner.last_name = "Lale", "Yıldız"
    owner.save()
    patterns = list(german_patterns(language))
    not_ours = fallback_german(language)
    problems = {}
    for what, html, region in owner_pages(client, business, owner, language):
        assert f'lang="{language}"' in html, what
        found = german_left(html, patterns, region, not_ours)
        if found:
            problems[what] = found
            text = remove_not_ours(shown_text(html, region), not_ours)
            for msgid, pattern in patterns:
                if msgid in found:
                    match = pattern.search(text)
                    problems[f"{what}: {msgid}"] = text[
                        max(match.start() - 80, 0) : match.end() + 80
                    ]
    assert problems == {}, f"German strings with the admin in {language}: {problems}"


def test_owner_chooses_the_admin_language_in_the_account_settings(client, home_page):
    business = BusinessPageFactory(parent=make_directory(home_page), title="Lokanta 7")
    owner = shopkeeper(business)
    owner.first_name, owner.last_name = "Lale", "Yıldız"
    owner.save()
    client.force_login(owner)
    page = client.get("/admin/account/")
    soup = BeautifulSoup(page.text, "html.parser")
    form = soup.select_one("form[method=post]")
    choices = [
        option["value"] for option in form.select("select[name=locale-preferred_language] option")
    ]
    assert {"de", "en", "tr", "ar", "bg", "ro"} <= set(choices)
    data = form_values(form)
    data["locale-preferred_language"] = "ar"
    response = client.post("/admin/account/", data)
    assert (response.status_code, response["Location"]) == (302, "/admin/account/")
    assert UserProfile.get_for_user(owner).preferred_language == "ar"
    dashboard = client.get("/admin/").text
    assert re.search(r'<html[^>]* lang="ar" dir="rtl"', dashboard)


def form_values(form):
    """What the browser would post for `form` unchanged (no file inputs)."""
    data = {}
    for field in form.select("input[name], select[name], textarea[name]"):
        name = field["name"]
        if field.name == "select":
            selected = field.select_one("option[selected]") or field.select_one("option")
            data[name] = selected["value"] if selected else ""
        elif field.name == "textarea":
            data[name] = field.get_text()
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("file", "submit"):
            data[name] = field.get("value", "")
    return data
