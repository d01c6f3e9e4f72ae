"""In a real browser: the language switcher keeps the page, the choice of
German sticks, and the Arabic interface is right-to-left and mirrored."""

from pathlib import Path

import pytest

from quartier.models import StandardPage

from ..directory.factories import BusinessPageFactory, DirectoryIndexPageFactory

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site(migrated_content):
    home_page = migrated_content
    directory = DirectoryIndexPageFactory(parent=home_page, title="Verzeichnis")
    BusinessPageFactory(parent=directory, title="Bäckerei Sonnenkorn", slug="sonnenkorn")
    for slug, title in (("ueber-uns", "Über das Programm"), ("hilfe", "Hilfe")):
        home_page.add_child(instance=StandardPage(title=title, slug=slug, show_in_menus=True))
    return home_page


def test_switching_language_keeps_the_page(live_server, site, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/verzeichnis/sonnenkorn/")
    assert page.locator("html").get_attribute("lang") == "de"

    page.locator(".language-switcher a[lang=tr]").click()
    page.wait_for_url("**/tr/verzeichnis/sonnenkorn/")
    assert page.locator("html").get_attribute("lang") == "tr"
    assert page.locator("h1").inner_text() == "Bäckerei Sonnenkorn"
    assert page.locator(".language-switcher a[lang=tr]").get_attribute("aria-current") == "true"

    page.locator(".language-switcher a[lang=de]").click()
    page.wait_for_url(f"{live_server.url}/verzeichnis/sonnenkorn/")
    assert page.locator("html").get_attribute("lang") == "de"
    # the choice sticks: a later visit from outside is not sent back to Turkish
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/"


def test_turkish_browser_lands_on_turkish_page(live_server, site, browser):
    context = browser.new_context(locale="tr-TR")
    page = context.new_page()
    page.goto(f"{live_server.url}/verzeichnis/sonnenkorn/")
    assert page.url == f"{live_server.url}/tr/verzeichnis/sonnenkorn/"
    assert page.locator("html").get_attribute("lang") == "tr"
    context.close()


def boxes(page):
    brand = page.locator(".site-header__brand").bounding_box()
    switcher = page.locator(".language-switcher").bounding_box()
    nav_items = page.locator(".main-nav li")
    first, last = nav_items.first.bounding_box(), nav_items.last.bounding_box()
    return brand, switcher, first, last


def test_arabic_is_right_to_left_and_mirrored(live_server, site, browser_page):
    page = browser_page
    page.goto(f"{live_server.url}/ar/")
    html = page.locator("html")
    assert html.get_attribute("dir") == "rtl"
    assert html.get_attribute("lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    brand, switcher, first, last = boxes(page)
    assert brand["x"] > switcher["x"]  # the brand sits on the right
    assert first["x"] > last["x"]  # the menu runs from right to left
    # German content on the Arabic interface is marked as such, left to right;
    # the interface around it stays Arabic.
    assert page.locator(".content-region").get_attribute("lang") is None
    title = page.locator("h1")
    assert title.get_attribute("lang") == "de"
    assert title.evaluate("element => getComputedStyle(element).direction") == "ltr"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "i18n-ar.png"), full_page=True)

    page.goto(f"{live_server.url}/tr/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    brand, switcher, first, last = boxes(page)
    assert brand["x"] < switcher["x"]
    assert first["x"] < last["x"]
