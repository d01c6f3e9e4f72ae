"""No interface string left in German on a non-German page: for every
catalogue under locale/, the main pages are rendered in its language and no
translated msgid may appear verbatim in the HTML."""

import io
from html import escape
from pathlib import Path

import polib
import pytest
from bs4 import BeautifulSoup

from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from wagtail.models import Page

# Our interface catalogues (German msgids); locale_admin/ holds Wagtail's strings.
CATALOGUES = sorted(Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/django.po"))


def checkable_entries(catalogue):
    """Entries long and sentence-like enough that finding them verbatim means
    an untranslated string, not a proper name or a word both languages share."""
    for entry in catalogue.translated_entries():
        msgid = entry.msgid
        if entry.fuzzy or entry.msgid_plural or len(msgid) < 12 or " " not in msgid:
            continue
        if "%" in msgid or "{" in msgid or msgid == entry.msgstr:
            continue
        yield msgid


def interface_text(html):
    """The page without content regions marked German (lang="de"): untranslated
    editorial content is allowed there, interface strings are not."""
    soup = BeautifulSoup(html, "html.parser")
    for region in soup.select('[lang="de"]'):
        region.decompose()
    return str(soup)


def untranslated_strings(html, catalogue):
    html = interface_text(html)
    return sorted(
        msgid for msgid in checkable_entries(catalogue) if msgid in html or escape(msgid) in html
    )


def test_the_check_finds_a_german_string_left_in_a_page():
    catalogue = polib.POFile()
    catalogue.append(
        polib.POEntry(
            msgid="Was suchen Sie in Ihrem Stadtteil?", msgstr="Semtinizde ne arıyorsunuz?"
        )
    )
    catalogue.append(polib.POEntry(msgid="Hochfeld", msgstr="Hochfeld"))
    catalogue.append(polib.POEntry(msgid="Öffnungszeiten „heute“", msgstr="Bugün açık"))
    html = "<h1>Hochfeld</h1><label>Was suchen Sie in Ihrem Stadtteil?</label>"
    assert untranslated_strings(html, catalogue) == ["Was suchen Sie in Ihrem Stadtteil?"]
    marked = '<div lang="de"><p>Was suchen Sie in Ihrem Stadtteil?</p></div>'
    assert untranslated_strings(marked, catalogue) == []
    assert untranslated_strings("<p>Semtinizde ne arıyorsunuz?</p>", catalogue) == []


def main_page_urls(language):
    """One page of every page type, plus the Django views, in `language`."""
    urls = []
    seen = set()
    german = Page.objects.live().filter(depth__gt=1, locale__language_code="de")
    for page in german.order_by("depth", "path").specific():
        if type(page) not in seen:
            seen.add(type(page))
            _site_id, _root, path = page.get_url_parts()  # German: no prefix
            urls.append(f"/{language}{path}")
    with translation.override(language):
        search = reverse("search")
        newsletter = reverse("outreach_subscribe")
        sent = reverse("outreach_subscribe_sent")
        confirmed = reverse("outreach_confirmed")
        unsubscribed = reverse("outreach_unsubscribed")
    return urls + [
        f"{search}?q=Brot",
        f"{search}?q=xyzxyz",
        f"/{language}/gibt-es-nicht/",
        newsletter,
        sent,
        confirmed,
        unsubscribed,
    ]


@pytest.fixture(scope="class")
def compiled_catalogues():
    call_command("compile_translations", stdout=io.StringIO())
    trans_real._translations = {}  # pick up the freshly compiled catalogues
    trans_real._default = None


@pytest.mark.django_db
@pytest.mark.skipif(
    not CATALOGUES,
    reason="no catalogue under locale/ yet (the lead adds them with scripts/translations.sh)",
)
@pytest.mark.usefixtures("demo_content", "compiled_catalogues")
class TestTheDemoPagesInEachLanguage:
    @pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda path: path.parent.parent.name)
    def test_no_untranslated_interface_strings(self, client, po_path):
        language = po_path.parent.parent.name
        catalogue = polib.pofile(str(po_path))
        problems = {}
        for url in main_page_urls(language):
            response = client.get(url)
            # Only the page that does not exist may be missing.
            assert response.status_code == (404 if "/gibt-es-nicht/" in url else 200), url
            found = untranslated_strings(response.content.decode(), catalogue)
            if found:
                problems[url] = found
        assert not problems, f"German interface strings on {language} pages: {problems}"
