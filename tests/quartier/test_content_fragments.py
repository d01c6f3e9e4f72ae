"""The main content cached for everyone, signed in or not (quartier/fragments.py):
fresh after a publication, never personal, never a preview or a form's errors."""

import re
from types import SimpleNamespace

import pytest

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from wagtail.models import Page, PageViewRestriction

from directory.models import BusinessClaim
from quartier.models import SiteSettings

from ..blog.factories import NewsIndexPageFactory, NewsPageFactory
from ..directory.factories import BusinessPageFactory, DirectoryIndexPageFactory

# Both cache backends, as the page cache's own tests.
from .test_cache import CSRF_INPUT, page_cache_on  # noqa: F401

MAIN = re.compile(r"<main.*</main>", re.S)


@pytest.fixture
def street(home_page):
    SiteSettings.load()  # created on the first request otherwise, which drops every page
    directory = DirectoryIndexPageFactory(parent=home_page)
    return SimpleNamespace(
        directory=directory,
        published=BusinessPageFactory(parent=directory, title="Salon Neu"),
        unrelated=BusinessPageFactory(parent=directory, title="Bäckerei Alt"),
        news=NewsPageFactory(parent=NewsIndexPageFactory(parent=home_page)),
    )


@pytest.fixture
def editor(db):
    user = get_user_model().objects.create_superuser("redaktion", "r@quartier.example", "pw")
    client = Client()
    client.force_login(user)
    return client


def queries_of(client, url):
    """(response, the SQL it ran)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, [query["sql"] for query in captured.captured_queries]


def touching(sql, table):
    return [statement for statement in sql if f'"{table}"' in statement]


@pytest.mark.django_db
def test_signed_in_visitor_gets_the_main_content_without_its_queries(street, editor):
    first, first_sql = queries_of(editor, street.directory.url)
    second, second_sql = queries_of(editor, street.directory.url)
    assert touching(first_sql, "directory_businesspage")
    assert touching(second_sql, "directory_businesspage") == []
    assert MAIN.search(second.text).group(0) == MAIN.search(first.text).group(0)
    assert "Salon Neu" in second.text
    assert "userbar" in second.text  # the page around it is still the editor's own


@pytest.mark.django_db
def test_a_publication_shows_at_once_and_drops_only_what_shows_it(street, editor):
    _news, news_miss = queries_of(editor, street.news.url)
    _news, news_hit = queries_of(editor, street.news.url)
    assert len(news_hit) < len(news_miss)
    queries_of(editor, street.directory.url)
    street.published.title = "Salon Umbenannt"
    street.published.save_revision().publish()

    listing, listing_sql = queries_of(editor, street.directory.url)
    assert "Salon Umbenannt" in listing.text
    assert touching(listing_sql, "directory_businesspage")
    _news, news_after = queries_of(editor, street.news.url)
    assert len(news_after) == len(news_hit)  # the news item's content is still cached


@pytest.mark.django_db
def test_the_form_in_a_cached_content_carries_each_visitors_own_token(street):
    first_visitor = Client(enforce_csrf_checks=True)
    first_visitor.cookies["sessionid"] = "no-such-session"  # bypasses the page cache
    first, first_sql = queries_of(first_visitor, street.published.url)
    assert "X-Cache" not in first
    first_token = CSRF_INPUT.search(first.text).group(1)

    second_visitor = Client(enforce_csrf_checks=True)
    second_visitor.cookies["sessionid"] = "another-missing-session"
    second, second_sql = queries_of(second_visitor, street.published.url)
    assert len(second_sql) < len(first_sql)  # the content came from the cache
    token = CSRF_INPUT.search(second.text).group(1)
    assert token != first_token
    assert "__QUARTIER_CSRF_TOKEN__" not in second.text

    response = second_visitor.post(
        street.published.url,
        {
            "csrfmiddlewaretoken": token,
            "form": "claim",
            "name": "Zweite Besucherin",
            "email": "zweite@example.org",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert BusinessClaim.objects.filter(name="Zweite Besucherin").count() == 1


@pytest.mark.django_db
def test_a_form_with_errors_is_rendered_afresh(street, editor):
    queries_of(editor, street.published.url)
    response = editor.post(street.published.url, {"form": "claim", "name": "", "email": "x"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    assert 'aria-invalid="true"' not in editor.get(street.published.url).text


@pytest.mark.django_db
def test_a_draft_shows_in_the_preview_and_nowhere_else(street, editor):
    queries_of(editor, street.published.url)
    street.published.tagline = "Nur im Entwurf"
    street.published.save_revision()
    preview = editor.get(f"/admin/pages/{street.published.pk}/view_draft/")
    assert preview.status_code == 200
    assert "Nur im Entwurf" in preview.text
    assert "Nur im Entwurf" not in editor.get(street.published.url).text
    assert "Nur im Entwurf" not in Client().get(street.published.url).text


@pytest.mark.django_db
def test_content_cache_off_with_the_page_cache(settings, street, editor):
    settings.PAGE_CACHE_SECONDS = 0
    queries_of(editor, street.directory.url)
    _response, sql = queries_of(editor, street.directory.url)
    assert touching(sql, "directory_businesspage")


@pytest.mark.django_db
def test_a_page_below_a_view_restriction_is_never_cached(street, editor):
    """An update that bypasses the signals (so no generation moves) shows at once on
    a restricted page, while a public page keeps its cached content."""
    restricted = street.news
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    public = street.unrelated
    for page in (restricted, public):
        queries_of(editor, page.url)
    Page.objects.filter(pk__in=[restricted.pk, public.pk]).update(title="Stiller Titel")
    restricted_main = MAIN.search(editor.get(restricted.url).text).group(0)
    public_main = MAIN.search(editor.get(public.url).text).group(0)
    assert "Stiller Titel" in restricted_main
    assert "Stiller Titel" not in public_main
