"""Browser fixtures for the quartier tests: Debian's Chromium through Playwright."""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is missing: apt-get install -y chromium (make browser)")
    from playwright.sync_api import sync_playwright

    # live_server and sync Playwright share the thread with the ORM. Set for the
    # browser tests only, not at import: a process-wide value would leak into the
    # subprocess of `check --deploy` (async.E001).
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium):
    """A fresh page whose browser asks for German (Accept-Language: de-DE)."""
    context = chromium.new_context(locale="de-DE", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    yield page
    context.close()
