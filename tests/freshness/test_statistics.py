"""Counting profile views and contact clicks for the owners: on the server,
cached pages included, bots and signed-in accounts excluded, no address kept;
each owner sees only their own business's numbers."""

import re

import pytest

from django.apps import apps
from django.core.cache import cache
from django.db import models

from directory.models import BusinessSocialLink
from freshness import statistics
from freshness.models import BusinessStatistic
from quartier.models import SiteSettings

from ..directory.factories import german, shopkeeper  # noqa: F401
from ..quartier.test_cache import redis_cache
from .conftest import published_business

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("german")]

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"
BOTS = [
    "",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1",
    "curl/8.5.0",
    "python-requests/2.32",
    "Mozilla/5.0 HeadlessChrome/131.0",
]
VISITOR_ADDRESS = "203.0.113.77"


def counts(business):
    return dict(BusinessStatistic.objects.filter(business=business).values_list("kind", "count"))


@pytest.fixture(params=["local memory", "redis"])
def page_cache_on(request, settings, tmp_path):
    settings.PAGE_CACHE_SECONDS = 300
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "page-cache.generation"
    if request.param == "redis":
        settings.CACHES = {"default": redis_cache()}
        cache.clear()
    SiteSettings.load()  # created on the first request otherwise, which drops the cache
    yield request.param
    cache.clear()


def test_cached_views_count_and_the_marker_header_never_leaves(client, business, page_cache_on):
    first = client.get(business.url, HTTP_USER_AGENT=BROWSER)
    second = client.get(business.url, HTTP_USER_AGENT=BROWSER)
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert "X-Quartier-Business" not in first and "X-Quartier-Business" not in second
    assert counts(business) == {"view": 2}
    row = BusinessStatistic.objects.get()
    assert row.month == statistics.month_of(statistics.local_today())


@pytest.mark.parametrize("user_agent", BOTS)
def test_bots_do_not_count_cached_or_not(client, business, page_cache_on, user_agent):
    client.get(business.url, HTTP_USER_AGENT=BROWSER)  # cached now
    for _ in range(2):
        response = client.get(business.url, HTTP_USER_AGENT=user_agent)
        assert response.status_code == 200
    assert counts(business) == {"view": 1}


def test_signed_in_accounts_and_other_pages_do_not_count(client, business, owner, home_page):
    client.get(home_page.url, HTTP_USER_AGENT=BROWSER)
    client.head(business.url, HTTP_USER_AGENT=BROWSER)
    client.get(business.url + "?page=x", HTTP_USER_AGENT=BROWSER)
    assert counts(business) == {"view": 1}
    client.force_login(owner)
    client.get(business.url, HTTP_USER_AGENT=BROWSER)
    assert counts(business) == {"view": 1}


def test_no_address_is_stored_anywhere(client, business, page_cache_on):
    for _ in range(2):
        client.get(business.url, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=VISITOR_ADDRESS)
    client.get(f"/go/{business.pk}/phone/", HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=VISITOR_ADDRESS)
    assert counts(business) == {"view": 2, "phone": 1}
    text_fields = (models.CharField, models.TextField, models.GenericIPAddressField)
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, text_fields):
                found = model._base_manager.filter(**{f"{field.name}__contains": VISITOR_ADDRESS})
                assert not found.exists(), f"{model._meta.label}.{field.name}"
            elif isinstance(field, models.JSONField):
                for value in model._base_manager.values_list(field.name, flat=True):
                    assert VISITOR_ADDRESS not in str(value), f"{model._meta.label}.{field.name}"


def test_views_of_each_language_count_for_the_business(client, business):
    client.get(business.url, HTTP_USER_AGENT=BROWSER)
    client.get("/tr" + business.url, HTTP_USER_AGENT=BROWSER)
    client.get("/ar" + business.url, HTTP_USER_AGENT=BROWSER)
    today = statistics.local_today()
    month = statistics.month_of(today)
    totals = statistics.monthly_counts([business], [month])
    assert totals == {(business.translation_key, month): {"view": 3}}


@pytest.fixture
def whatsapp(business):
    BusinessSocialLink.objects.create(
        page=business, platform="whatsapp", url="https://wa.me/492031234567"
    )
    return business


@pytest.mark.parametrize(
    ("kind", "target"),
    [
        ("phone", "tel:0203123456"),
        ("website", "https://sonne.example/"),
        ("directions", "https://www.openstreetmap.org/directions?route=%3B51.420000%2C6.758000"),
        ("whatsapp", "https://wa.me/492031234567"),
    ],
)
def test_contact_links_count_then_lead_on(client, whatsapp, kind, target):
    html = client.get(whatsapp.url).text
    assert f'href="/go/{whatsapp.pk}/{kind}/"' in html
    response = client.get(f"/go/{whatsapp.pk}/{kind}/", HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 302
    assert response["Location"] == target
    assert counts(whatsapp) == {kind: 1}
    client.get(f"/go/{whatsapp.pk}/{kind}/", HTTP_USER_AGENT="Googlebot/2.1")
    assert counts(whatsapp) == {kind: 1}


def test_contact_links_lead_only_to_the_profiles_own_data(client, home_page):
    bare = published_business(home_page, title="Ohne", phone="", website="")
    for kind in ("phone", "website", "whatsapp", "elsewhere"):
        assert client.get(f"/go/{bare.pk}/{kind}/", HTTP_USER_AGENT=BROWSER).status_code == 404
    assert client.get("/go/999999/phone/", HTTP_USER_AGENT=BROWSER).status_code == 404
    assert not BusinessStatistic.objects.exists()


def dashboard_tables(html):
    return re.findall(r"<caption>(.*?)</caption>.*?<tbody>(.*?)</tbody>", html, re.S)


def test_each_owner_sees_only_their_own_statistics(client, business, owner, home_page):
    other = published_business(home_page, title="Kiosk Mond")
    shopkeeper(other)
    month = statistics.month_of(statistics.local_today())
    BusinessStatistic.objects.create(business=business, month=month, kind="view", count=17)
    BusinessStatistic.objects.create(business=business, month=month, kind="website", count=3)
    BusinessStatistic.objects.create(business=other, month=month, kind="view", count=29)
    client.force_login(owner)
    html = client.get("/admin/").text
    assert "So oft wurde Ihr Profil genutzt" in html
    [(caption, body)] = dashboard_tables(html)
    assert caption == "Bäckerei Sonne"
    rows = re.findall(r'<th scope="row">(.*?)</th><td>(\d+)</td><td>(\d+)</td>', body)
    assert rows == [
        ("Aufrufe des Profils", "17", "0"),
        ("Telefon", "0", "0"),
        ("Website", "3", "0"),
        ("Wegbeschreibung", "0", "0"),
        ("WhatsApp", "0", "0"),
    ]
    assert "Kiosk Mond" not in html and ">29<" not in html


def test_dashboard_has_no_statistics_for_accounts_without_a_business(client, business):
    from ..directory.factories import coordinator

    client.force_login(coordinator())
    assert "So oft wurde Ihr Profil genutzt" not in client.get("/admin/").text
