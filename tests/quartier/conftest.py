"""Browser fixtures for the quartier tests: Debian's Chromium through Playwright."""

import pytest


@pytest.fixture
def chromium(browser):
    """The session's shared Chromium (root conftest.py)."""
    return browser


@pytest.fixture
def browser_page(chromium):
    """A fresh page whose browser asks for German (Accept-Language: de-DE)."""
    context = chromium.new_context(locale="de-DE", viewport={"width": 1200, "height": 900})
    page = context.new_page()
    yield page
    context.close()
