"""The anonymous page cache (quartier/cache.py) through real requests."""

import gzip
import os
import re
import uuid
from http.server import BaseHTTPRequestHandler
from types import SimpleNamespace

import pytest
import redis

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.test import Client, RequestFactory

from directory.models import HOME_PAGE_BUSINESSES, BusinessClaim
from quartier.cache import CSRF_PLACEHOLDER, with_csrf_token, without_csrf_tokens
from quartier.cache_invalidation import dependent_urls
from quartier.models import SiteSettings

from ..blog.factories import (
    CampaignPageFactory,
    EventIndexPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from ..directory.factories import BusinessPageFactory, CategoryFactory, DirectoryIndexPageFactory
from ..loopback import serve

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_cache():
    """Django's Redis cache on a database of its own (TEST_REDIS_URL); it is
    flushed by the tests."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        message = f"no Redis at {REDIS_URL} ({exc}); set TEST_REDIS_URL"
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(f"CI=true: {message} (.ci/run starts Redis)")
        pytest.skip(message)
    return {
        "BACKEND": "quartier.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"test-{uuid.uuid4().hex[:8]}",
    }


def use_page_cache(backend, settings, tmp_path):
    """The page cache on, with `backend` ("local memory" or "redis")."""
    settings.PAGE_CACHE_SECONDS = 300
    # Our own generation file: other test runs on this machine bump the shared one.
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "page-cache.generation"
    if backend == "redis":
        settings.CACHES = {"default": redis_cache()}
    cache.clear()


@pytest.fixture(autouse=True, params=["local memory", "redis"])
def page_cache_on(request, settings, tmp_path):
    """Every test runs with both cache backends: local memory (one cache per
    process, a generation file shared on the machine) and Redis (REDIS_URL)."""
    use_page_cache(request.param, settings, tmp_path)
    yield request.param
    cache.clear()


@pytest.fixture(autouse=True)
def site_settings(db):
    """Created on the first request otherwise, which (rightly) drops the cache."""
    return SiteSettings.load()


@pytest.fixture
def business(home_page):
    directory = DirectoryIndexPageFactory(parent=home_page)
    return BusinessPageFactory(parent=directory, title="Salon Cache", tagline="Alt")


@pytest.mark.django_db
def test_second_anonymous_request_is_a_hit_with_the_same_body(home_page):
    first = Client().get("/")
    second = Client().get("/")
    assert first["X-Cache"] == "MISS"
    assert second["X-Cache"] == "HIT"
    assert second.status_code == 200
    assert second.content == first.content
    # Headers from the outer middleware are applied to cached pages too.
    assert "script-src 'self'" in second["Content-Security-Policy"]
    assert second["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_cached_page_needs_no_database_query(home_page, django_assert_num_queries):
    Client().get("/")
    with django_assert_num_queries(0):
        response = Client().get("/")
    assert response["X-Cache"] == "HIT"


@pytest.mark.django_db
def test_head_is_served_from_the_cache(home_page):
    Client().get("/")
    assert Client().head("/")["X-Cache"] == "HIT"


@pytest.mark.django_db
def test_query_string_is_part_of_the_key(business):
    directory_url = business.get_parent().url
    Client().get(directory_url + "?page=1")
    assert Client().get(directory_url + "?page=1")["X-Cache"] == "HIT"
    assert Client().get(directory_url + "?page=2")["X-Cache"] == "MISS"
    assert Client().get(directory_url)["X-Cache"] == "MISS"


@pytest.mark.django_db
def test_language_is_part_of_the_key(home_page):
    german = Client().get("/")
    assert german["X-Cache"] == "MISS"
    english = Client().get("/en/", follow=True)
    assert english.status_code == 200
    assert english.content != german.content


@pytest.mark.django_db
def test_publishing_a_page_invalidates(business):
    assert "Alt" in Client().get(business.url).text
    assert Client().get(business.url)["X-Cache"] == "HIT"
    business.tagline = "Neu und frisch"
    business.save_revision().publish()
    response = Client().get(business.url)
    assert response["X-Cache"] == "MISS"
    assert "Neu und frisch" in response.text


@pytest.mark.django_db
def test_publishing_another_page_invalidates_listings(business):
    directory_url = business.get_parent().url
    Client().get(directory_url)
    assert Client().get(directory_url)["X-Cache"] == "HIT"
    BusinessPageFactory(parent=business.get_parent(), title="Ganz neuer Kiosk")
    response = Client().get(directory_url)
    assert response["X-Cache"] == "MISS"
    assert "Ganz neuer Kiosk" in response.text


@pytest.mark.django_db
def test_unpublishing_invalidates(business):
    Client().get(business.url)
    business.unpublish()
    assert Client().get(business.url).status_code == 404


@pytest.mark.django_db
def test_moving_invalidates(business, home_page):
    other = DirectoryIndexPageFactory(parent=home_page, title="Anderes", slug="anderes")
    old_url = business.url
    Client().get(old_url)
    business.move(other, pos="last-child")
    response = Client().get(old_url)
    # Not the cached page: Wagtail's automatic redirect sends the visitor to the new place.
    assert response.status_code == 301
    assert response["Location"] == type(business).objects.get(pk=business.pk).url
    assert response["Location"] == "/anderes/" + business.slug + "/"
    assert "X-Cache" not in response


@pytest.mark.django_db
def test_deleting_invalidates(business):
    url = business.url
    Client().get(url)
    business.delete()
    assert Client().get(url).status_code == 404


@pytest.mark.django_db
def test_changing_a_district_invalidates(business):
    Client().get(business.url)
    district = business.district
    district.name = "Umbenannt"
    district.save()
    assert Client().get(business.url)["X-Cache"] == "MISS"


@pytest.mark.django_db
def test_logged_in_user_never_gets_a_cached_page(home_page):
    Client().get("/")
    assert Client().get("/")["X-Cache"] == "HIT"
    user = get_user_model().objects.create_superuser("redakteurin", "r@quartier.example", "pw")
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert "X-Cache" not in response  # bypassed entirely
    assert 'aria-controls="wagtail-userbar-items"' in response.text  # the editor's userbar
    # ... and what a logged-in user saw is never served to anonymous visitors.
    assert "userbar" not in Client().get("/").text


@pytest.mark.django_db
def test_admin_and_post_are_never_cached(home_page):
    assert "X-Cache" not in Client().get("/admin/login/")
    response = Client().post("/", {"x": "1"})
    assert "X-Cache" not in response


@pytest.mark.django_db
def test_form_on_a_cached_page_accepts_a_post_from_a_second_visitor(business):
    first_visitor = Client(enforce_csrf_checks=True)
    first = first_visitor.get(business.url)
    assert first["X-Cache"] == "MISS"
    first_token = CSRF_INPUT.search(first.text).group(1)

    second_visitor = Client(enforce_csrf_checks=True)
    second = second_visitor.get(business.url)
    assert second["X-Cache"] == "HIT"
    token = CSRF_INPUT.search(second.text).group(1)
    assert token != first_token
    assert "csrftoken" in second.cookies  # the second visitor gets their own cookie

    response = second_visitor.post(
        business.url,
        {
            "csrfmiddlewaretoken": token,
            "form": "claim",
            "name": "Zweite Besucherin",
            "email": "zweite@example.org",
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content[:300]
    assert BusinessClaim.objects.filter(name="Zweite Besucherin").exists()
    assert len(mail.outbox) == 1


def test_the_token_swap_both_caches_share_keeps_no_visitors_token():
    """quartier.cache.without_csrf_tokens / with_csrf_token, used by the page
    cache (bytes) and the content cache (text): what is stored holds no token,
    what is served holds the visitor's own, and the cookie is set with it."""
    first, second = "a1" * 32, "b2" * 32
    html = (
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{first}">'
        f'<p>{first}</p><input type="hidden" name="csrfmiddlewaretoken" value="{second}">'
    )
    stored, had_token = without_csrf_tokens(html)
    assert had_token is True
    assert first not in stored and second not in stored
    assert stored.count(CSRF_PLACEHOLDER) == 3
    assert without_csrf_tokens("<p>Kein Formular</p>") == ("<p>Kein Formular</p>", False)

    for content in (stored, stored.encode()):
        visitor = RequestFactory().get("/")
        served = with_csrf_token(content, visitor)
        text = served if isinstance(served, str) else served.decode()
        tokens = CSRF_INPUT.findall(text)
        assert len(tokens) == 2 and tokens[0] == tokens[1]
        assert tokens[0] not in (first, second)
        assert CSRF_PLACEHOLDER not in text
        assert visitor.META["CSRF_COOKIE_NEEDS_UPDATE"] is True  # the cookie goes out

    plain = RequestFactory().get("/")
    assert with_csrf_token(b"<p>Kein Formular</p>", plain) == b"<p>Kein Formular</p>"
    assert "CSRF_COOKIE_NEEDS_UPDATE" not in plain.META  # no form, no cookie


@pytest.mark.django_db
def test_messages_after_a_post_are_not_cached_for_others(business):
    visitor = Client()
    visitor.get(business.url)
    visitor.post(
        business.url,
        {"form": "claim", "name": "Ada", "email": "ada@example.org", "consent": "on"},
    )
    thanks = visitor.get(business.url)
    assert "Danke!" in thanks.text
    assert "Danke!" not in Client().get(business.url).text


@pytest.mark.django_db
def test_cache_off_when_seconds_is_zero(settings, home_page):
    settings.PAGE_CACHE_SECONDS = 0
    Client().get("/")
    assert "X-Cache" not in Client().get("/")


# --- Targeted invalidation: a change drops only what shows it ------------------


def is_hit(url):
    response = Client().get(url)
    assert response.status_code == 200, url
    return response["X-Cache"] == "HIT"


def warm(*urls):
    for url in urls:
        Client().get(url)
        assert is_hit(url), url


@pytest.fixture
def street(home_page):
    directory = DirectoryIndexPageFactory(parent=home_page)
    hairdresser = CategoryFactory(slug="friseur", name="Friseur")
    bakery = CategoryFactory(slug="baeckerei", name="Bäckerei")
    published = BusinessPageFactory(parent=directory, title="Salon Neu", category=hairdresser)
    unrelated = BusinessPageFactory(parent=directory, title="Bäckerei Alt", category=bakery)
    events = EventIndexPageFactory(parent=home_page)
    campaign = CampaignPageFactory(parent=events, participating_businesses=[published])
    other_campaign = CampaignPageFactory(parent=events, participating_businesses=[unrelated])
    news = NewsPageFactory(parent=NewsIndexPageFactory(parent=home_page))
    return SimpleNamespace(
        directory=directory,
        published=published,
        unrelated=unrelated,
        campaign=campaign,
        other_campaign=other_campaign,
        news=news,
    )


@pytest.mark.django_db
def test_publishing_one_business_drops_only_what_shows_it(street):
    listing = street.directory.url
    shown = [
        street.published.url,
        listing,
        listing + "?category=friseur",
        listing + "?page=2",
        street.campaign.url,
    ]
    kept = [street.unrelated.url, street.other_campaign.url, street.news.url]
    warm(*shown, *kept)
    street.published.tagline = "Jetzt auch sonntags"
    street.published.save_revision().publish()
    assert [is_hit(url) for url in shown] == [False] * len(shown)
    assert [is_hit(url) for url in kept] == [True] * len(kept)
    assert "Jetzt auch sonntags" in Client().get(street.published.url).text


@pytest.mark.django_db
def test_a_business_drops_its_page_under_every_language_prefix(street):
    urls = dependent_urls(street.published)
    path = street.published.url  # "/verzeichnis/<slug>/", German unprefixed
    assert {prefix + path for prefix in ("", "/en", "/tr", "/ar", "/bg", "/ro")} <= urls
    assert {prefix + street.directory.url for prefix in ("", "/en", "/ar")} <= urls
    assert "/api/businesses.geojson" in urls
    assert street.unrelated.url not in urls
    assert street.news.url not in urls


@pytest.mark.django_db
def test_home_page_is_dropped_only_when_it_shows_the_business(street):
    for number in range(HOME_PAGE_BUSINESSES):
        BusinessPageFactory(parent=street.directory, title=f"Vorne {number}", featured=True)
    warm("/")
    street.unrelated.tagline = "Nicht auf der Startseite"
    street.unrelated.save_revision().publish()
    assert is_hit("/")  # six featured businesses fill the home page
    street.unrelated.featured = True
    street.unrelated.save_revision().publish()
    assert not is_hit("/")  # now the newest featured one: shown
    assert "Bäckerei Alt" in Client().get("/").text


@pytest.mark.django_db
def test_renaming_a_category_drops_what_shows_categories(street):
    listing = street.directory.url
    warm("/", listing, street.published.url, street.unrelated.url, street.news.url)
    category = street.published.category
    category.name = "Friseursalon"
    category.save()
    assert not is_hit(street.published.url)
    assert not is_hit(listing)
    assert not is_hit("/")
    assert is_hit(street.unrelated.url)  # another category
    assert is_hit(street.news.url)


@pytest.mark.django_db
def test_site_settings_drop_every_page(street):
    warm(street.unrelated.url, street.news.url)
    site_settings = SiteSettings.load()
    site_settings.tagline = "Neue Unterzeile"
    site_settings.save()
    assert not is_hit(street.unrelated.url)
    assert not is_hit(street.news.url)


@pytest.mark.django_db
def test_a_draft_drops_nothing(street):
    warm(street.published.url, street.directory.url)
    street.published.tagline = "Nur ein Entwurf"
    street.published.save_revision()
    assert is_hit(street.published.url)
    assert is_hit(street.directory.url)


@pytest.mark.django_db
def test_signed_in_visit_is_neither_served_from_nor_stored_in_the_cache(street):
    user = get_user_model().objects.create_superuser("koordination", "k@quartier.example", "pw")
    signed_in = Client()
    signed_in.force_login(user)
    warm(street.published.url)
    response = signed_in.get(street.published.url)
    assert "X-Cache" not in response
    assert "userbar" in response.text
    street.published.save_revision().publish()
    signed_in.get(street.published.url)  # renders for the signed-in user only
    anonymous = Client().get(street.published.url)
    assert anonymous["X-Cache"] == "MISS"
    assert "userbar" not in anonymous.text


# --- The same URL list purges a frontend cache (Varnish, a CDN) ---------------


class PurgeRecorder(BaseHTTPRequestHandler):
    purged = []

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        PurgeRecorder.purged.append((self.headers["Host"], self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.mark.django_db
def test_publishing_purges_the_same_urls_from_a_frontend_cache(
    street, settings, django_capture_on_commit_callbacks
):
    PurgeRecorder.purged = []
    with serve(PurgeRecorder) as varnish:
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": varnish,
            }
        }
        with django_capture_on_commit_callbacks(execute=True):
            street.published.tagline = "Gereinigt"
            street.published.save_revision().publish()
    expected = dependent_urls(street.published)
    assert {path for _host, path in PurgeRecorder.purged} == expected
    assert {host for host, _path in PurgeRecorder.purged} == {"testserver"}
    assert "/en" + street.published.url in expected
    assert street.unrelated.url not in expected


# --- Compression ---------------------------------------------------------------


@pytest.mark.django_db
def test_html_is_gzipped_when_the_client_accepts_it_also_from_the_cache(street):
    url = street.published.url
    plain = Client().get(url)
    assert "Content-Encoding" not in plain
    for expected in ("HIT", "HIT"):
        response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert response["X-Cache"] == expected
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        html = gzip.decompress(response.content).decode()
        assert "Salon Neu" in html
        # BREACH: the form's CSRF token is masked anew for every response.
        assert CSRF_INPUT.search(html).group(1) != CSRF_INPUT.search(plain.text).group(1)


class CacheReads:
    """Counts what the default cache is asked in one request: the round trips
    (each get, get_many, set) and how often the site-wide generation is read,
    from the cache (Redis) or from its file (local memory)."""

    def __init__(self, monkeypatch):
        from django.core.cache import caches

        from quartier.cache import GENERATION_KEY, SharedGeneration

        self.round_trips = 0
        self.generation_reads = 0
        backend = caches["default"]
        for name in ("get", "get_many", "set", "set_many", "add", "incr", "delete"):
            monkeypatch.setattr(
                backend, name, self.counting(getattr(backend, name), GENERATION_KEY)
            )
        read = SharedGeneration._read

        def counted_read(generation):
            if generation.key == GENERATION_KEY and uses_files():
                self.generation_reads += 1
            return read(generation)

        monkeypatch.setattr(SharedGeneration, "_read", counted_read)

    def counting(self, method, generation_key):
        def counted(key, *args, **kwargs):
            self.round_trips += 1
            keys = key if isinstance(key, list | tuple) else [key]
            self.generation_reads += generation_key in keys
            return method(key, *args, **kwargs)

        return counted

    def reset(self):
        self.round_trips = self.generation_reads = 0


def uses_files():
    from quartier.cache import uses_local_memory

    return uses_local_memory()


@pytest.mark.django_db
def test_a_rendered_page_reads_the_site_wide_generation_once(street, monkeypatch):
    """The locales, the private sections, the routes and the Site all hang off
    the site-wide generation: one read per request, not one per lookup (with
    Redis a dozen round trips on a Turkish page)."""
    reads = CacheReads(monkeypatch)
    for url in ("/", "/tr/", street.directory.url, "/ar" + street.published.url):
        signed_in = Client()  # each its own: a language prefix is remembered
        signed_in.cookies["sessionid"] = "not-a-session"  # bypasses the page cache
        signed_in.get(url)  # the cache warmed for this URL
        reads.reset()
        response = signed_in.get(url)
        assert response.status_code == 200, url
        assert "X-Cache" not in response, url
        assert reads.generation_reads == 1, url


@pytest.mark.django_db
def test_a_cached_page_costs_one_cache_round_trip(street, monkeypatch, settings):
    """A hit asks the cache for the page with its generations, nothing else:
    no Site, no site address, no locale."""
    settings.BASE_URL = ""  # as in production: the address is the default Site's
    reads = CacheReads(monkeypatch)
    for url in ("/", street.published.url, "/tr" + street.published.url):
        warm(url)
        reads.reset()
        assert is_hit(url)
        assert reads.round_trips == 1, url


@pytest.mark.django_db
def test_with_redis_no_request_builds_a_redis_client(page_cache_on, street, monkeypatch):
    """Django's own Redis cache builds a redis-py client (copying ~170 response
    callbacks) for every operation, a third of a cached page's CPU time; ours
    keeps one per connection pool: a warmed page, rendered or cached, builds none."""
    if page_cache_on != "redis":
        pytest.skip("Redis only")
    built = []
    original = redis.Redis.__init__

    def counted(self, *args, **kwargs):
        built.append(kwargs.get("connection_pool"))
        original(self, *args, **kwargs)

    urls = ("/", street.published.url, "/tr" + street.published.url, "/ar/")
    for url in urls:
        warm(url)
    monkeypatch.setattr(redis.Redis, "__init__", counted)
    signed_in = Client()
    signed_in.cookies["sessionid"] = "not-a-session"  # rendered, past the page cache
    for url in urls:
        assert is_hit(url), url
        assert signed_in.get(url).status_code == 200, url
    assert built == []
    assert cache.get("nicht-da-ğış") is None and built == []
    cache.set("schlüssel-ş", "Wert ț – قيمة")
    assert cache.get("schlüssel-ş") == "Wert ț – قيمة"
