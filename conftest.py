"""Shared pytest fixtures: the home page every test site hangs off, and the one
Chromium (Debian's package, driven by Playwright) that all browser tests share."""

import os
import shutil
from pathlib import Path

import pytest

from wagtail.models import Site

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture
def home_page(db):
    """The HomePage created by the data migration, as the default site's root."""
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run: Playwright's sync API allows a single
    running instance per thread. Never downloads a browser: `make test`
    installs Debian's chromium when it is missing."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: run `make browser` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # The live server and sync Playwright use the ORM from a thread with an
    # event loop; the calls never overlap. Restored afterwards so that later
    # subprocesses do not inherit it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
