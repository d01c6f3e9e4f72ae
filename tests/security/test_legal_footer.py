"""The footer's "Rechtliches" navigation: the imprint (§ 5 DDG), the privacy
statement and the accessibility statement (BITV 2.0) are linked from every
page, in every interface language, the 404 page included."""

import re

import pytest

from django.conf import settings

from quartier.models import SiteSettings, StandardPage

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
LEGAL_SLUGS = ("impressum", "datenschutz", "barrierefreiheit")


@pytest.fixture
def legal_pages(home_page):
    pages = {}
    for slug, title in (
        ("impressum", "Impressum"),
        ("datenschutz", "Datenschutz"),
        ("barrierefreiheit", "Erklärung zur Barrierefreiheit"),
        ("ueber-uns", "Über das Programm"),
    ):
        page = StandardPage(title=title, slug=slug, introduction="Text")
        home_page.add_child(instance=page)
        page.save_revision().publish()
        pages[slug] = page
    site_settings = SiteSettings.load()
    site_settings.imprint_page = pages["impressum"]
    site_settings.privacy_page = pages["datenschutz"]
    site_settings.accessibility_page = pages["barrierefreiheit"]
    site_settings.save()
    return pages


def footer_links(html):
    """The links of the footer's legal navigation (the footer has others too)."""
    footer = re.search(r'<footer class="site-footer">(.*?)</footer>', html, re.S)
    assert footer, "page without footer"
    legal = re.search(r'<ul class="site-footer__links">(.*?)</ul>', footer.group(1), re.S)
    assert legal, "footer without its legal navigation"
    return re.findall(r'<a href="([^"]+)"[^>]*>', legal.group(1))


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGE_CODES)
@pytest.mark.parametrize("path", ["", "ueber-uns/", "impressum/", "gibt-es-nicht/"])
def test_every_page_links_the_legal_pages_in_its_language(client, legal_pages, code, path):
    prefix = "/" if code == "de" else f"/{code}/"
    response = client.get(prefix + path, headers={"accept-language": code})
    assert response.status_code == (404 if path == "gibt-es-nicht/" else 200)
    expected = [f"{prefix}{slug}/" for slug in LEGAL_SLUGS]
    assert footer_links(response.text) == expected
    for url in expected:
        assert client.get(url, headers={"accept-language": code}).status_code == 200
