"""A plain page view writes nothing to the database: neither the home page,
a profile (whose view is counted) nor a search API request (which is rate
limited). Counts wait in the process's buffer (quartier.counters) and reach
the database with the next flush, without a Redis and with one."""

import re

import pytest

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from freshness.models import BusinessStatistic
from quartier import counters
from quartier.models import RateLimitCounter, SiteSettings

from ..directory.factories import BusinessPageFactory, make_directory
from .test_cache import redis_cache

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@pytest.fixture(params=["local memory", "redis"])
def batched(request, settings):
    settings.COUNTER_FLUSH_SECONDS = 3600
    settings.SEARCH_API_RATE_LIMIT = 120
    if request.param == "redis":
        settings.CACHES = {"default": redis_cache()}
    cache.clear()
    counters.flush()
    yield request.param
    counters.flush()  # within this test's transaction: nothing pending reaches another test
    cache.clear()


@pytest.fixture
def business(home_page):
    page = BusinessPageFactory(parent=make_directory(home_page), title="Çiçekçi Gül – Blumen")
    SiteSettings.load()  # created by the first request otherwise
    return page


def writes_of(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries.captured_queries if WRITES.match(query["sql"])]


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/tr", "/ar"])
def test_page_views_and_searches_write_nothing(client, batched, business, home_page, prefix):
    for _round in range(2):  # the first request of a path and a repeated one
        assert writes_of(client, f"{prefix}/") == []
        assert writes_of(client, prefix + business.url) == []
        assert writes_of(client, "/api/search/", q="çiçek", lang=prefix.strip("/") or "de") == []


@pytest.mark.django_db
def test_the_buffered_counts_reach_the_database_with_the_flush(client, batched, business):
    for _view in range(3):
        client.get(business.url, HTTP_USER_AGENT=BROWSER)
    client.get("/api/search/", {"q": "Gül"}, HTTP_USER_AGENT=BROWSER)
    assert not BusinessStatistic.objects.exists()
    counters.flush()
    assert dict(BusinessStatistic.objects.values_list("kind", "count")) == {"view": 3}
    # Rate limits live in Redis when there is one, in the database otherwise.
    expected = [] if batched == "redis" else [1]
    assert list(RateLimitCounter.objects.values_list("count", flat=True)) == expected
