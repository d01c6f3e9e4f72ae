"""The map in a real browser (Playwright + Debian's Chromium), with the demo
content. Tiles are blocked (no network): the map must work without them."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from django.utils import translation

from directory.models import BusinessPage

from ..demo_snapshot import load_demo

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
BUSINESS_MARKER = ".map-marker:not(.map-marker--workshop)"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_map_shows_clusters_and_opens_a_popup(
    live_server, migrated_content, chromium_page, settings
):
    settings.DEBUG = False
    load_demo("--no-users")
    on_map = BusinessPage.objects.live().listed().geocoded().count()
    assert on_map > 10

    page = chromium_page
    outside, problems = [], []
    local = urlsplit(live_server.url).netloc

    def only_local(route):
        if urlsplit(route.request.url).netloc == local:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto(f"{live_server.url}/karte/")
    page.wait_for_selector("[data-business-map][data-loaded='true']", timeout=15000)
    page.wait_for_selector(".marker-cluster", timeout=10000)
    assert page.locator(".marker-cluster").count() >= 1
    # the synchronised list names the businesses in view
    assert page.locator("[data-map-list] li").count() >= 1

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)

    # click clusters until single markers show, then open one
    for _ in range(8):
        if page.locator(BUSINESS_MARKER).count():
            break
        cluster = page.locator(".marker-cluster").first
        cluster.focus()  # clusters are reachable by keyboard too
        page.keyboard.press("Enter")
        page.wait_for_timeout(700)
    marker = page.locator(BUSINESS_MARKER).first
    name = marker.get_attribute("title")
    assert name  # accessible name for keyboard and screen reader users
    assert marker.get_attribute("tabindex") == "0"
    marker.dispatch_event("click")  # a real pointer click may hit an overlapping venue
    link = page.locator(".leaflet-popup-content a.map-popup__link")
    link.wait_for(timeout=5000)
    href = link.get_attribute("href")
    language = page.get_attribute("[data-business-map]", "data-lang")
    business = BusinessPage.objects.get(title=name)  # one page per business
    with translation.override(language):
        assert href == business.url  # under the visitor's prefix
    assert page.locator(".leaflet-popup-content .map-popup__name").inner_text() == name

    # filters act on the map: one category only
    page.select_option("#map-category", "brautmode")
    page.click(".map-filters button[type=submit]")
    page.wait_for_function(
        "() => !document.querySelector('[data-business-map]').hasAttribute('aria-busy')"
    )
    page.wait_for_timeout(500)
    assert "category=brautmode" in page.url

    # only tiles may be asked from elsewhere, and they were blocked
    assert all("tile.openstreetmap.org" in url for url in outside), outside
    csp = [text for text in problems if "Content Security Policy" in text]
    assert csp == []
