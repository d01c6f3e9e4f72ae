"""Browser fixtures: Playwright for Python driving Debian's Chromium
(/usr/bin/chromium, never a downloaded browser) against pytest-django's live
server, with the demo content loaded in a transactional database."""

from pathlib import Path

import pytest

from ..demo_snapshot import load_demo

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 390, "height": 844}
PHONE_OPTIONS = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def loopback_context(browser, live_server, **options):
    """A browser context that reaches only the live server: anything else (map
    tiles, fonts, trackers) is refused."""
    context = browser.new_context(base_url=live_server.url, **options)
    context.route(
        "**/*",
        lambda route: (
            route.continue_() if route.request.url.startswith(live_server.url) else route.abort()
        ),
    )
    return context


@pytest.fixture
def demo(migrated_content, settings, tmp_path):
    """Demo content (no demo users), served with the page cache on, as in production.
    The test modules mark themselves with serialized_rollback, which restores the
    data migrations' content (site, home page) that a transactional flush removes."""
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "page-cache.generation"
    load_demo("--no-users")


@pytest.fixture
def context(browser, live_server, demo):
    context = loopback_context(browser, live_server, locale="de-DE")
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    page.close()


@pytest.fixture
def phone_page(browser, live_server, demo):
    context = loopback_context(browser, live_server, locale="de-DE", **PHONE_OPTIONS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.js_errors = errors
    yield page
    context.close()


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
