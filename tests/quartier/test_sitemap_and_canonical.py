"""The sitemap of the demo site lists every language version under its own
URL with its hreflang group (x-default included, job positions too), is valid
against the sitemaps.org schema, and every page it lists names itself as
canonical and the same language versions as the sitemap (docs/entwicklung/
validierung.md). English pages are English: /en/ pages are listed as `en` and
canonical on their /en/ URL."""

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from django.conf import settings

from directory.models import BusinessPage, BusinessPageTranslation

from ..clock import berlin

TOOLS = Path(__file__).resolve().parent.parent.parent / "tools/sitemaps"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
PREFIX = re.compile(r"^/(en|tr|ar|bg|ro)/")

# The demo with one business given English texts: German pages, the 13 pages
# translated into each other language, the jobs board's 21 positions under
# every language version of the board, the 4 businesses with Turkish and Arabic
# texts under /tr/ and /ar/, and the one with English texts under /en/.
EXPECTED_PER_LANGUAGE = {"de": 85, "en": 35, "tr": 38, "ar": 38, "bg": 34, "ro": 34}


def path_of(url):
    return re.sub(r"^https?://[^/]+", "", url)


def language_of(path):
    match = PREFIX.match(path)
    return match.group(1) if match else "de"


def head_links(html):
    """(canonical path or None, {hreflang: path}) of a page's <head>."""
    head = html.split("</head>", 1)[0]
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', head)
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head))
    return (
        path_of(canonical[0]) if canonical else None,
        {code: path_of(url) for code, url in alternates.items()},
    )


def parse_sitemap(xml):
    """{loc path: {hreflang: path}} after checking each <url>'s structure."""
    root = ET.fromstring(xml)  # noqa: S314  (our own sitemap)
    assert root.tag == f"{SITEMAP}urlset"
    entries = {}
    for url in root:
        assert url.tag == f"{SITEMAP}url"
        tags = [child.tag for child in url]
        assert tags[:2] == [f"{SITEMAP}loc", f"{SITEMAP}lastmod"]
        assert set(tags[2:]) <= {f"{XHTML}link"}
        loc = path_of(url.find(f"{SITEMAP}loc").text)
        assert loc not in entries, f"{loc} listed twice"
        links = url.findall(f"{XHTML}link")
        for link in links:
            assert set(link.attrib) == {"rel", "hreflang", "href"}
            assert link.get("rel") == "alternate"
            assert link.get("hreflang") in [*LANGUAGE_CODES, "x-default"]
        alternates = {link.get("hreflang"): path_of(link.get("href")) for link in links}
        assert len(alternates) == len(links), f"{loc}: a language twice"
        entries[loc] = alternates
    return entries


@pytest.fixture
def demo(clock_at, demo_content):
    clock_at(berlin(2026, 11, 20, 10))  # the demo's workshops and positions lie ahead
    lokanta = BusinessPage.objects.get(slug="lokanta-guezel")
    lokanta.text_translations.add(
        BusinessPageTranslation(
            language="en",
            tagline="Home cooking like mum’s – Ev yemekleri",
            description="<p>Turkish home cooking in Marxloh.</p>",
        )
    )
    lokanta.save_revision().publish()


@pytest.mark.django_db
def test_sitemap_lists_every_language_version_and_every_page_agrees(client, demo, tmp_path):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    entries = parse_sitemap(response.content)

    assert Counter(language_of(loc) for loc in entries) == EXPECTED_PER_LANGUAGE
    for code in LANGUAGE_CODES:
        prefix = "" if code == "de" else f"/{code}"
        positions = [loc for loc in entries if re.fullmatch(rf"{prefix}/arbeit/\d+/", loc)]
        assert len(positions) == 21, code
    assert entries["/en/verzeichnis/lokanta-guezel/"] == {
        "de": "/verzeichnis/lokanta-guezel/",
        "en": "/en/verzeichnis/lokanta-guezel/",
        "x-default": "/verzeichnis/lokanta-guezel/",
    }
    assert entries["/en/"] == {
        **{code: "/" if code == "de" else f"/{code}/" for code in LANGUAGE_CODES},
        "x-default": "/",
    }

    for loc, alternates in entries.items():
        if not alternates:  # a German page without language versions
            assert language_of(loc) == "de", loc
            continue
        # Its own language, every version listed, the same group on each
        # (Google ignores one-sided hreflang), x-default the German one.
        assert alternates[language_of(loc)] == loc
        assert alternates["x-default"] == alternates["de"]
        for code, path in alternates.items():
            assert entries[path] == alternates, (loc, code)

    # Each listed page names itself as canonical and the sitemap's versions.
    disagreeing = []
    for loc, alternates in entries.items():
        client.cookies.clear()  # a language cookie would send "/" on to its prefix
        page = client.get(loc)
        assert page.status_code == 200, loc
        canonical, links = head_links(page.text)
        expected = alternates or {"de": loc, "x-default": loc}
        if canonical != loc or links != expected:
            disagreeing.append((loc, canonical, links))
    assert disagreeing == []

    # A German page shown under /en/ (no English version) is no English page.
    canonical, links = head_links(client.get("/en/verzeichnis/salon-lale/").text)
    assert canonical == "/verzeichnis/salon-lale/"
    assert links == {
        "de": "/verzeichnis/salon-lale/",
        "tr": "/tr/verzeichnis/salon-lale/",
        "ar": "/ar/verzeichnis/salon-lale/",
        "x-default": "/verzeichnis/salon-lale/",
    }
    # Search results are not for search engines: noindex, no canonical.
    search = client.get("/en/search/?q=Döner").text
    assert '<meta name="robots" content="noindex, follow">' in search
    assert head_links(search) == (None, {})

    # The sitemaps.org schema (tools/sitemaps/sitemap.xsd) with the JDK's
    # validator. Its strict wildcard wants a schema for xhtml:link that is not
    # available offline (W3C's xhtml1-strict.xsd), so the links are checked
    # above and removed here.
    java = shutil.which("java")
    if java is None:
        pytest.skip("no Java: the sitemaps.org schema check needs it (CI has it)")
    root = ET.fromstring(response.content)  # noqa: S314  (our own sitemap)
    for url in root:
        for link in url.findall(f"{XHTML}link"):
            url.remove(link)
    plain = tmp_path / "sitemap.xml"
    ET.ElementTree(root).write(plain, encoding="utf-8", xml_declaration=True)
    check = [java, str(TOOLS / "XsdValidate.java"), str(TOOLS / "sitemap.xsd")]
    result = subprocess.run([*check, str(plain)], capture_output=True, text=True, timeout=120)  # noqa: S603
    assert (result.returncode, result.stdout) == (0, "")
    # The validator does refuse what the schema forbids.
    first = root.find(f"{SITEMAP}url/{SITEMAP}loc")
    first.text = "/relative"
    ET.ElementTree(root).write(plain, encoding="utf-8", xml_declaration=True)
    result = subprocess.run([*check, str(plain)], capture_output=True, text=True, timeout=120)  # noqa: S603
    assert result.returncode == 1
    assert "cvc-minLength-valid: Value '/relative'" in result.stdout
