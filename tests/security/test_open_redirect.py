"""No answer points to another host: a path that a browser reads as a
network-path reference ("//evil.example/…", "/\\evil.example/…") is neither
followed by the first-visit language redirect nor echoed by the language
switcher (the 404 page included)."""

import re
from urllib.parse import urlsplit

import pytest

from django.conf import settings

from wagtail.models import Site

from quartier.models import StandardPage

HOSTILE_PATHS = [
    "//evil.example/suche/",
    "///evil.example/suche/",
    "/\\evil.example/suche/",
    "/\\/evil.example/suche/",
    "//evil.example/",
    "//evil.example",
]
ATTRIBUTE = re.compile(r'(?:href|src|action)="([^"]*)"')


def foreign_urls(response):
    """The Location and every link, source and form target of `response`
    that a browser would resolve to a host other than ours (the test
    client's or the site's configured one)."""
    ours = {"testserver", *Site.objects.values_list("hostname", flat=True)}
    candidates = [response.headers.get("Location", "")]
    if response.get("Content-Type", "").startswith("text/html"):
        candidates += ATTRIBUTE.findall(response.content.decode())
    foreign = []
    for url in filter(None, candidates):
        # Browsers treat a backslash like a slash and drop tabs and newlines.
        normalised = re.sub(r"[\t\r\n]", "", url).replace("\\", "/").replace("&amp;", "&")
        parts = urlsplit(normalised)
        if parts.scheme in ("mailto", "tel"):
            continue
        if parts.netloc and parts.hostname not in ours:
            foreign.append(url)
    return foreign


def get_raw(client, path, query="", **headers):
    """A GET of exactly `path`: the test client would parse "//host/…" as a
    host and drop it, a real server passes it on as the path."""
    return client.get("/", PATH_INFO=path, QUERY_STRING=query, headers=headers)


@pytest.fixture
def pages(home_page):
    page = StandardPage(title="Impressum", slug="impressum", introduction="Angaben")
    home_page.add_child(instance=page)
    return page


@pytest.mark.django_db
@pytest.mark.parametrize("path", HOSTILE_PATHS)
@pytest.mark.parametrize("preference", ["accept-language", "cookie"])
def test_network_path_is_never_redirected_to_another_host(client, pages, path, preference):
    if preference == "cookie":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = get_raw(client, path, "q=x")
    else:
        response = get_raw(client, path, "q=x", accept_language="en")
    assert response.status_code == 404
    assert "Location" not in response
    assert foreign_urls(response) == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", HOSTILE_PATHS)
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_language_switcher_on_a_network_path_stays_on_our_site(client, pages, path, prefix):
    response = get_raw(client, prefix + path, "q=x", referer="http://testserver/")
    assert response.status_code == 404
    assert foreign_urls(response) == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["//evil.example/suche/", "///evil.example/", "//evil.example"])
def test_language_switcher_on_a_network_path_links_each_home_page(client, pages, path):
    response = get_raw(client, path, "q=x", referer="http://testserver/")
    assert response.status_code == 404
    switcher = re.search(r'<nav[^>]*class="language-switcher.*?</nav>', response.text, re.S)
    assert switcher
    links = re.findall(r'href="([^"]*)"', switcher.group(0))
    assert links == ["/", "/en/", "/tr/", "/ar/", "/bg/", "/ro/"]


@pytest.mark.django_db
def test_first_visit_redirect_still_keeps_path_and_query(client, pages):
    response = client.get("/impressum/?q=x", headers={"accept-language": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/en/impressum/?q=x"
    response = client.get("/en/impressum/?q=x")
    assert response.status_code == 200
    assert foreign_urls(response) == []
    # The switcher keeps the local query; the hreflang alternate is the plain page.
    assert '<a href="/tr/impressum/?q=x" lang="tr"' in response.text
    # hreflang names only real language versions: the German page here.
    assert '<link rel="alternate" hreflang="de" href="http://testserver/impressum/">' in (
        response.text
    )
    assert '<link rel="alternate" hreflang="tr"' not in response.text
