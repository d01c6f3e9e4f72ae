import importlib
import io

import pytest

from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from directory.models import BusinessPage, Category, DirectoryIndexPage, District, MapPage
from quartier.models import HomePage, StandardPage

from ..directory.factories import BusinessPageFactory, DirectoryIndexPageFactory


@pytest.mark.django_db
def test_migration_creates_home_page_as_site_root(home_page):
    assert isinstance(home_page, HomePage)
    assert home_page.locale.language_code == "de"


@pytest.mark.django_db
def test_home_page_renders(client, home_page):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in response.text
    assert 'href="#main"' in response.text  # skip link


class TestPageTreeRules(WagtailPageTestCase):
    def test_home_allows_sections(self):
        self.assertCanCreateAt(HomePage, DirectoryIndexPage)
        self.assertCanCreateAt(HomePage, MapPage)
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanNotCreateAt(HomePage, BusinessPage)

    def test_business_only_under_directory(self):
        self.assertCanCreateAt(DirectoryIndexPage, BusinessPage)
        self.assertCanNotCreateAt(StandardPage, BusinessPage)
        self.assertCanNotCreateAt(BusinessPage, BusinessPage)
        self.assertCanNotCreateAt(Page, DirectoryIndexPage)

    def test_standard_page_nests(self):
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(DirectoryIndexPage, StandardPage)


@pytest.mark.django_db
def test_home_page_shows_featured_then_newest_businesses_in_constant_queries(client, home_page):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    directory = DirectoryIndexPageFactory(parent=home_page)
    start = timezone.now() - datetime.timedelta(days=30)

    def make(title, number, **kwargs):
        page = BusinessPageFactory(parent=directory, title=title, **kwargs)
        published = start + datetime.timedelta(hours=number)
        BusinessPage.objects.filter(pk=page.pk).update(last_published_at=published)
        return page

    pinned = make("Vorgestellt", -1, featured=True)
    for number in range(7):
        make(f"Laden {number}", number)

    def shown():
        client.get("/")  # steady state: the first request after a change rebuilds caches
        with CaptureQueriesContext(connection) as queries:
            html = client.get("/").text
        section = html.split('id="featured-heading"')[1].split("</section>")[0]
        names = [
            name
            for name in ["Vorgestellt", *(f"Laden {n}" for n in range(20))]
            if f">{name}<" in section
        ]
        return sorted(names, key=section.index), len(queries)

    shown()  # first request: site settings and caches
    names, queries = shown()
    assert names == ["Vorgestellt", "Laden 6", "Laden 5", "Laden 4", "Laden 3", "Laden 2"]
    for number in range(7, 20):
        make(f"Laden {number}", number)
    names, more_queries = shown()
    assert names[:2] == ["Vorgestellt", "Laden 19"] and len(names) == 6
    assert more_queries == queries
    assert pinned.featured


@pytest.mark.django_db
def test_directory_and_business_render(client, home_page):
    directory = DirectoryIndexPageFactory(parent=home_page)
    business = BusinessPageFactory(parent=directory, title="Salon Test")
    response = client.get(directory.url)
    assert response.status_code == 200
    assert "Salon Test" in response.text
    response = client.get(business.url)
    assert response.status_code == 200
    assert "Wanheimer Straße" in response.text


@pytest.mark.django_db
def test_standard_page_renders(client, home_page):
    page = StandardPage(title="Impressum", slug="impressum", introduction="Angaben nach DDG")
    home_page.add_child(instance=page)
    response = client.get("/impressum/")
    assert response.status_code == 200
    assert "Angaben nach DDG" in response.text


@pytest.mark.django_db
def test_demo_loader_is_idempotent(settings):
    settings.DEBUG = True
    call_command("load_demo_data", stdout=io.StringIO())
    counts = (
        BusinessPage.objects.count(),
        District.objects.count(),
        Category.objects.count(),
        Page.objects.count(),
    )
    assert counts[0] >= 40
    assert set(District.objects.values_list("slug", flat=True)) == {"hochfeld", "marxloh"}
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    assert (
        BusinessPage.objects.count(),
        District.objects.count(),
        Category.objects.count(),
        Page.objects.count(),
    ) == counts
    assert "laden1" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_content")
class TestTheDemoContent:
    def test_demo_businesses_lie_in_their_district(self):
        businesses = BusinessPage.objects.select_related("district")
        assert businesses.count() > 40
        for business in businesses:
            assert abs(business.latitude - business.district.centre_latitude) < 0.02, business
            assert abs(business.longitude - business.district.centre_longitude) < 0.03, business

    def test_home_page_mentions_both_districts(self, client):
        text = client.get("/").text
        assert "Hochfeld" in text
        assert "Marxloh" in text


def test_settings_read_from_environment(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("ALLOWED_HOSTS", "quartier.example, www.quartier.example")
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db.example:5432/quartier")
    monkeypatch.setenv("ELASTICSEARCH_URL", "http://search.example:9200")
    monkeypatch.setenv("REDIS_URL", "redis://cache.example:6379/1")
    monkeypatch.setenv("MAP_TILE_URL", "https://tiles.example/{z}/{x}/{y}.png")
    monkeypatch.setenv("DEBUG", "false")
    import quartier.settings.base as base

    try:
        reloaded = importlib.reload(base)
        assert reloaded.SECRET_KEY == "from-the-environment"
        assert reloaded.ALLOWED_HOSTS == ["quartier.example", "www.quartier.example"]
        assert reloaded.DATABASES["default"]["HOST"] == "db.example"
        assert reloaded.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
        assert reloaded.ELASTICSEARCH_URL == "http://search.example:9200"
        # Wagtail's admin index stays in the database, with German stemming on PostgreSQL.
        assert reloaded.WAGTAILSEARCH_BACKENDS["default"] == {
            "BACKEND": "wagtail.search.backends.database",
            "SEARCH_CONFIG": "german",
        }
        assert reloaded.CACHES["default"]["LOCATION"] == "redis://cache.example:6379/1"
        assert reloaded.MAP_TILE_URL == "https://tiles.example/{z}/{x}/{y}.png"
        assert reloaded.DEBUG is False
    finally:
        monkeypatch.undo()
        importlib.reload(base)


def test_bad_boolean_in_environment_is_a_clear_error(monkeypatch):
    import quartier.settings.base as base

    monkeypatch.setenv("DEBUG", "vielleicht")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        importlib.reload(base)
    monkeypatch.undo()
    importlib.reload(base)


def test_production_settings_refuse_missing_secret(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    import quartier.settings.base as base

    importlib.reload(base)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        importlib.reload(importlib.import_module("quartier.settings.production"))
