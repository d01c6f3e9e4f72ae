"""Shared pytest fixtures: the home page every test site hangs off."""

import pytest

from wagtail.models import Site


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
