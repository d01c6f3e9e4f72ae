"""The demo content in every language: no aliases, a few real translations,
the loader stays idempotent, and listings, the map API and the search API show
each demo business exactly once per language."""

import io
import time

import pytest

from django.conf import settings
from django.core.management import call_command

from wagtail.models import Page

from directory.listing import PAGE_SIZE
from directory.models import BusinessPage

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


@pytest.mark.django_db
def test_demo_content_appears_once_per_language(client, django_capture_on_commit_callbacks):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", "--no-users", stdout=io.StringIO())
    loaded = time.monotonic() - started
    german = BusinessPage.objects.live().filter(locale__language_code="de")
    titles = sorted(german.values_list("title", flat=True))
    assert len(titles) >= 40
    pages = Page.objects.count()
    german_pages = Page.objects.filter(depth__gt=1, locale__language_code="de").count()
    assert not Page.objects.filter(alias_of__isnull=False).exists()
    # Real translations in every language of every page in the menu and the
    # footer (and of the home page above them), of a campaign, a workshop and
    # a news item: 13 pages in each of the five other languages.
    translated = Page.objects.filter(depth__gt=1).exclude(locale__language_code="de")
    per_language = {
        code: translated.filter(locale__language_code=code).count()
        for code in LANGUAGE_CODES
        if code != "de"
    }
    assert per_language == {"en": 13, "tr": 13, "ar": 13, "bg": 13, "ro": 13}
    assert pages == 1 + german_pages + 65
    assert BusinessPage.objects.filter(text_translations__language="tr").count() == 4
    assert BusinessPage.objects.filter(text_translations__language="ar").count() == 4

    # A demo site loaded before cuisines existed gets them on the next load.
    levante = BusinessPage.objects.get(slug="restaurant-levante")
    assert sorted(levante.cuisines.values_list("name", flat=True)) == ["Libanesisch", "Syrisch"]
    levante.cuisines = []
    levante.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", "--no-users", stdout=io.StringIO())
    assert Page.objects.count() == pages  # idempotent
    levante = BusinessPage.objects.get(pk=levante.pk)
    assert sorted(levante.cuisines.values_list("name", flat=True)) == ["Libanesisch", "Syrisch"]
    print(f"\ndemo load for {pages} pages: {loaded:.1f}s")

    listed = german.public().listed().count()
    on_map = sorted(german.public().listed().geocoded().values_list("title", flat=True))
    for code in LANGUAGE_CODES:
        prefix = "" if code == "de" else f"/{code}"
        home = client.get(f"{prefix}/").text
        directory = client.get(f"{prefix}/verzeichnis/?page=1").text
        # The menu and the footer's links are in the visitor's language: nothing
        # in them is marked as German fallback.
        menu = home.split('class="main-nav"')[1].split("</nav>")[0]
        legal = home.split('class="site-footer__links"')[1].split("</ul>")[0]
        assert menu.count("<li>") == 7 and legal.count("<li>") == 3, code
        assert 'lang="de"' not in menu + legal, code
        for title in titles:
            assert home.count(f">{title}<") <= 1, (code, title)
            assert directory.count(f">{title}<") <= 1, (code, title)
        assert directory.count('class="card business-card"') == min(listed, PAGE_SIZE), code

        geojson = client.get("/api/businesses.geojson", {"lang": code}).json()
        names = [feature["properties"]["name"] for feature in geojson["features"]]
        assert sorted(names) == on_map, code

        results = client.get(
            "/api/search/", {"q": "Bäckerei"}, headers={"accept-language": code}
        ).json()["results"]
        urls = [hit["url"] for hit in results]
        assert len(urls) == len(set(urls)), code
        result_titles = [hit["title"] for hit in results]
        assert len(result_titles) == len(set(result_titles)), code
