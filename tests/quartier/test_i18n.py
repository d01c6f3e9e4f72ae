"""Interface languages: locales, first-visit redirect, switcher, hreflang,
untranslated-content notice, one listing entry per business and language,
mirrored permissions and workflows, and locale formats."""

import datetime
import re

import pytest

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template import engines
from django.urls import reverse
from django.utils import translation

from wagtail.models import GroupPagePermission, Locale, Page, WorkflowPage

from directory.filters import listed_businesses
from directory.owners import grant_ownership, moderation_workflow, owner_group_for
from quartier.models import StandardPage
from quartier.translation_sync import create_translation

from ..directory.factories import BusinessPageFactory, DirectoryIndexPageFactory

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
OTHER_LANGUAGES = [code for code in LANGUAGE_CODES if code != "de"]


@pytest.fixture
def site_pages(home_page):
    directory = DirectoryIndexPageFactory(parent=home_page, title="Verzeichnis")
    businesses = [
        BusinessPageFactory(parent=directory, title=f"Laden Nummer {n}", slug=f"laden-{n}")
        for n in range(3)
    ]
    imprint = StandardPage(title="Impressum", slug="impressum", introduction="Angaben nach DDG")
    home_page.add_child(instance=imprint)
    return {"directory": directory, "businesses": businesses, "imprint": imprint}


@pytest.fixture
def synced(site_pages):
    """The site's real shape: a real Turkish translation of an editorial page
    (and so of the home page), no aliases."""
    site_pages["turkish_imprint"] = create_translation(
        site_pages["imprint"], "tr", title="Künye", introduction="DDG bilgileri"
    )
    return site_pages


def german_page_count():
    return Page.objects.filter(depth__gt=1, locale__language_code="de").count()


# --- locales and tree synchronisation ---------------------------------------------------


@pytest.mark.django_db
def test_migration_creates_a_locale_per_interface_language():
    assert sorted(Locale.objects.values_list("language_code", flat=True)) == sorted(LANGUAGE_CODES)


@pytest.mark.django_db
def test_locale_migration_is_idempotent():
    from importlib import import_module

    from django.apps import apps

    migration = import_module("quartier.migrations.0004_locales_and_translation_permission")
    migration.create_locales(apps, None)
    migration.grant_submit_translation(apps, None)
    assert Locale.objects.count() == len(LANGUAGE_CODES)


@pytest.mark.django_db
def test_pages_exist_once_plus_their_real_translations(synced):
    assert german_page_count() == 6  # home, directory, three businesses, imprint
    assert not Page.objects.filter(alias_of__isnull=False).exists()
    # The Turkish imprint and the home page above it; nothing else.
    assert sorted(
        Page.objects.filter(locale__language_code="tr").values_list("slug", flat=True)
    ) == ["home-tr", "impressum"]
    assert Page.objects.filter(depth__gt=1).count() == 8


@pytest.mark.django_db
def test_publishing_in_code_creates_no_alias(home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = StandardPage(title="Über uns", slug="ueber-uns")
        home_page.add_child(instance=page)
        page.save_revision().publish()
    assert not page.get_translations().exists()


# --- first visit: Accept-Language ------------------------------------------------------


@pytest.mark.django_db
def test_first_visit_is_redirected_to_the_browser_language(client, home_page):
    response = client.get("/", headers={"accept-language": "tr-TR,tr;q=0.9,de;q=0.5"})
    assert response.status_code == 302
    assert response["Location"] == "/tr/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "tr"
    assert "Accept-Language" in response["Vary"]


def search_path(language):
    """The search page's URL in `language` (its path is translated too)."""
    with translation.override(language):
        return reverse("search")


@pytest.mark.django_db
def test_redirect_keeps_path_and_query(client, home_page):
    response = client.get("/suche/?q=Brot", headers={"accept-language": "ar"})
    assert response.status_code == 302
    assert response["Location"] == f"{search_path('ar')}?q=Brot"


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["de-DE,de;q=0.9", "fr-FR,fr;q=0.9", ""])
def test_german_or_unknown_browser_language_stays_german(client, home_page, header):
    response = client.get("/", headers={"accept-language": header} if header else {})
    assert response.status_code == 200
    assert '<html lang="de" dir="ltr">' in response.text
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"


@pytest.mark.django_db
def test_a_link_on_our_site_is_never_redirected(client, home_page):
    response = client.get(
        "/", headers={"accept-language": "tr", "referer": "http://testserver/tr/"}
    )
    assert response.status_code == 200
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"


@pytest.mark.django_db
def test_choosing_german_in_the_switcher_sticks(client, home_page):
    headers = {"accept-language": "tr"}
    assert client.get("/", headers=headers)["Location"] == "/tr/"
    assert client.get("/tr/", headers=headers).status_code == 200
    # the switcher's German link, followed from /tr/
    response = client.get("/", headers={**headers, "referer": "http://testserver/tr/"})
    assert response.status_code == 200
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    # a later visit from outside: the cookie wins over Accept-Language
    assert client.get("/", headers=headers).status_code == 200


@pytest.mark.django_db
def test_an_earlier_choice_is_used_on_arrival(client, home_page):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "bg"
    response = client.get("/", headers={"accept-language": "de"})
    assert response.status_code == 302
    assert response["Location"] == "/bg/"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/search/?q=brot", "/healthz/", "/sitemap.xml", "/admin/"])
def test_machine_and_admin_urls_are_not_redirected(client, home_page, path):
    response = client.get(path, headers={"accept-language": "tr"})
    assert not response.get("Location", "").startswith("/tr/")
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.django_db
def test_post_is_not_redirected(client, home_page):
    response = client.post("/", headers={"accept-language": "tr"})
    # Answered in place (German, the page's own language): only a GET is redirected.
    assert response.status_code == 200
    assert "Location" not in response


# --- switcher, hreflang, html lang/dir ----------------------------------------------------


def switcher_links(html):
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S).group(0)
    return {code: url for url, code in re.findall(r'<a href="([^"]+)" lang="([a-z]+)"', nav)}


@pytest.mark.django_db
def test_switcher_keeps_the_visitor_on_the_same_page(client, synced):
    response = client.get("/tr/verzeichnis/laden-1/")
    assert response.status_code == 200
    links = switcher_links(response.text)
    assert links["de"] == "/verzeichnis/laden-1/"
    for code in OTHER_LANGUAGES:
        assert links[code] == f"/{code}/verzeichnis/laden-1/"
    assert 'href="/tr/verzeichnis/laden-1/" lang="tr" hreflang="tr" dir="ltr" aria-current' in (
        response.text
    )


@pytest.mark.django_db
def test_switcher_on_a_django_view_keeps_path_and_query(client, home_page):
    response = client.get(f"{search_path('tr')}?q=Brot")
    assert response.status_code == 200
    links = switcher_links(response.text)
    assert links["de"] == "/suche/?q=Brot"
    assert links["ar"] == f"{search_path('ar')}?q=Brot"


@pytest.mark.django_db
def test_hreflang_alternates_and_x_default(client, synced):
    text = client.get("/verzeichnis/laden-0/").text
    # German text under another prefix is no language version of its own.
    for code in OTHER_LANGUAGES:
        assert f'<link rel="alternate" hreflang="{code}"' not in text
    assert '<link rel="canonical" href="http://localhost/verzeichnis/laden-0/">' in text
    turkish = client.get("/tr/verzeichnis/laden-0/").text
    assert '<link rel="canonical" href="http://localhost/verzeichnis/laden-0/">' in turkish
    imprint = client.get("/tr/impressum/").text
    assert '<link rel="canonical" href="http://localhost/tr/impressum/">' in imprint
    assert '<link rel="alternate" hreflang="tr" href="http://testserver/tr/impressum/">' in imprint
    assert '<link rel="alternate" hreflang="de" href="http://testserver/verzeichnis/laden-0/">' in (
        text
    )
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/verzeichnis/laden-0/">'
        in text
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("tr", "ltr"), ("bg", "ltr")])
def test_html_lang_and_dir(client, synced, code, direction):
    text = client.get(f"/{code}/").text
    assert f'<html lang="{code}" dir="{direction}">' in text


# --- untranslated content ----------------------------------------------------------------

NOTICE_MSGID = "Dieser Inhalt ist noch nicht übersetzt und wird auf Deutsch angezeigt."


def notice(language):
    with translation.override(language):
        return translation.gettext(NOTICE_MSGID)


@pytest.mark.django_db
def test_alias_shows_german_content_with_a_notice(client, synced):
    response = client.get("/ar/verzeichnis/laden-2/")
    assert response.status_code == 200
    assert notice("ar") in response.text
    # The interface around the German texts stays Arabic: no language on the region.
    assert '<div class="content-region">' in response.text
    assert "<h1><bdi>Laden Nummer 2</bdi></h1>" in response.text


@pytest.mark.django_db
def test_only_the_german_texts_of_an_untranslated_page_say_german(client, synced):
    arabic = client.get("/ar/impressum/").text
    assert notice("ar") in arabic
    assert '<div class="content-region">' in arabic
    assert '<h1 lang="de" dir="ltr">Impressum</h1>' in arabic
    assert '<p class="lead" lang="de" dir="ltr">Angaben nach DDG</p>' in arabic
    assert '<div class="page-body" lang="de" dir="ltr">' in arabic
    # Translated: nothing marked, the page is Turkish like its interface.
    turkish = client.get("/tr/impressum/").text
    assert "<h1>Künye</h1>" in turkish
    assert '<p class="lead">DDG bilgileri</p>' in turkish
    assert 'lang="de" dir="ltr">' not in turkish.split('<main id="main"')[1]


@pytest.mark.django_db
def test_german_page_has_no_notice(client, synced):
    response = client.get("/verzeichnis/laden-2/")
    assert notice("ar") not in response.text
    assert '<div class="content-region">' in response.text


@pytest.mark.django_db
def test_translated_page_has_no_notice(client, synced):
    response = client.get("/tr/impressum/")
    assert "DDG bilgileri" in response.text
    assert notice("tr") not in response.text


@pytest.mark.django_db
def test_without_aliases_a_page_served_by_a_hook_is_rendered(client, home_page):
    """The map page is served by a before_serve_page hook (a TemplateResponse)."""
    from directory.models import MapPage

    home_page.add_child(instance=MapPage(title="Karte", slug="karte"))
    response = client.get("/ro/karte/")
    assert response.status_code == 200
    assert "data-geojson-url" in response.text
    assert notice("ro") in response.text


@pytest.mark.django_db
def test_without_aliases_german_pages_are_served_not_404(client, site_pages):
    response = client.get("/ro/impressum/")
    assert response.status_code == 200
    assert "Angaben nach DDG" in response.text
    assert notice("ro") in response.text
    assert client.get("/ro/gibt-es-nicht/").status_code == 404


@pytest.mark.django_db
def test_german_pages_route_through_a_translated_tree(client, synced):
    """/tr/ has a Turkish home page (a real translation); the directory below
    it has none, so routing continues in the German tree."""
    BusinessPageFactory(parent=synced["directory"], title="Ganz Neu", slug="ganz-neu")
    for code in ("tr", "bg"):
        response = client.get(f"/{code}/verzeichnis/ganz-neu/")
        assert response.status_code == 200
        assert "Ganz Neu" in response.text
        assert notice(code) in response.text
        assert f'<html lang="{code}"' in response.text
    assert client.get("/tr/verzeichnis/gibt-es-nicht/").status_code == 404
    assert client.get("/tr/gibt-es-nicht/").status_code == 404


# --- listings: each business once per language -------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_listings_show_each_business_once(client, synced, code, django_assert_max_num_queries):
    prefix = "" if code == "de" else f"/{code}"
    with translation.override(code):
        titles = [business.title for business in listed_businesses()]
        assert sorted(titles) == ["Laden Nummer 0", "Laden Nummer 1", "Laden Nummer 2"]
        assert {business.locale.language_code for business in listed_businesses()} == {"de"}
    with django_assert_max_num_queries(40):
        directory = client.get(f"{prefix}/verzeichnis/")
    home = client.get(f"{prefix}/")
    for n in range(3):
        assert directory.text.count(f">Laden Nummer {n}<") == 1
        assert home.text.count(f">Laden Nummer {n}<") == 1
        assert f'href="{prefix}/verzeichnis/laden-{n}/"' in directory.text


@pytest.mark.django_db
def test_listing_falls_back_to_german_while_a_language_has_no_tree(site_pages):
    with translation.override("bg"):
        assert listed_businesses().count() == 3


# --- permissions and moderation of translations --------------------------------------------


@pytest.mark.django_db
def test_editor_permissions_reach_translations(site_pages):
    from django.contrib.auth.models import Group, Permission

    editors = Group.objects.create(name="Redaktion Test")
    user = get_user_model().objects.create_user("redakteurin", password="pw-redaktion-1")
    user.groups.add(editors)
    Group.objects.get(name="Moderators").user_set.add(user) if Group.objects.filter(
        name="Moderators"
    ).exists() else None
    imprint = site_pages["imprint"]
    GroupPagePermission.objects.create(
        group=editors, page=imprint, permission=Permission.objects.get(codename="change_page")
    )
    turkish = create_translation(imprint, "tr", title="Künye")
    assert turkish.permissions_for_user(user).can_edit()
    # revoking it on the original revokes it on the translation
    GroupPagePermission.objects.filter(group=editors, page=imprint).delete()
    assert not GroupPagePermission.objects.filter(group=editors).exists()


@pytest.mark.django_db
def test_a_business_has_no_page_translations(site_pages):
    business = site_pages["businesses"][0]
    user = get_user_model().objects.create_user("inhaberin", password="pw-inhaberin-1")
    group = grant_ownership(user, business)
    assert not business.get_translations().exists()
    assert owner_group_for(business) == group


@pytest.mark.django_db
def test_translated_directory_has_the_moderation_workflow(synced):
    workflow = moderation_workflow()
    directory = synced["directory"]
    WorkflowPage.objects.update_or_create(page=directory, defaults={"workflow": workflow})
    turkish = create_translation(directory, "tr")
    assert turkish.get_workflow() == workflow


# --- dates, times and numbers per locale ---------------------------------------------------

# date | time | number, as Django's locale formats and catalogues write them
# (Bulgarian and Romanian month names come capitalised from Django's catalogues).
EXPECTED = {
    "de": "21. November 2026|18:30|1.234,50",
    "en": "Nov. 21, 2026|6:30 p.m.|1,234.50",
    "tr": "21 Kasım 2026|18:30|1.234,50",
    "ar": "21 نوفمبر، 2026|6:30 م|1234,50",
    "bg": "21 Ноември 2026|18:30|1234,50",
    "ro": "21 Noiembrie 2026|18:30|1.234,50",
}


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_dates_times_and_numbers_follow_the_language(code):
    template = engines["django"].from_string(
        '{{ when|date:"DATE_FORMAT" }}|{{ when|time:"TIME_FORMAT" }}|{{ amount|floatformat:"2g" }}'
    )
    # 17:30 UTC is 18:30 in Berlin in November
    when = datetime.datetime(2026, 11, 21, 17, 30, tzinfo=datetime.UTC)
    assert settings.TIME_ZONE == "Europe/Berlin"
    with translation.override(code):  # the current time zone is settings.TIME_ZONE
        assert template.render({"when": when, "amount": 1234.5}) == EXPECTED[code]


@pytest.mark.django_db
def test_sitemap_lists_translations_with_hreflang_but_no_aliases(client, synced):
    business = synced["imprint"]
    turkish = synced["turkish_imprint"]

    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.text
    german_url = business.full_url
    turkish_url = turkish.full_url
    assert "/tr/impressum/" in turkish_url
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert german_url in locations and turkish_url in locations
    # Aliases (German text under another language's URL) are not listed.
    assert not [url for url in locations if "/en/" in url or "/tr/verzeichnis/laden-1/" in url]
    for url in (german_url, turkish_url):
        entry = xml[xml.index(f"<loc>{url}</loc>") :].split("</url>")[0]
        assert f'hreflang="de" href="{german_url}"' in entry
        assert f'hreflang="tr" href="{turkish_url}"' in entry
        assert f'hreflang="x-default" href="{german_url}"' in entry
    other = synced["businesses"][1].full_url
    assert "hreflang" not in xml[xml.index(f"<loc>{other}</loc>") :].split("</url>")[0]


@pytest.mark.django_db
def test_switching_language_keeps_the_listing_filters(client, home_page):
    from tests.directory.factories import DirectoryIndexPageFactory, DistrictFactory

    DirectoryIndexPageFactory(parent=home_page)
    DistrictFactory(slug="marxloh", name="Marxloh")
    response = client.get("/verzeichnis/?district=marxloh&sort=name")
    assert response.status_code == 200
    switcher = response.text.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    assert 'href="/tr/verzeichnis/?district=marxloh&amp;sort=name"' in switcher
    assert 'href="/ar/verzeichnis/?district=marxloh&amp;sort=name"' in switcher
    # Search engines get only real language versions: the directory has no
    # Turkish translation.
    assert '<link rel="alternate" hreflang="tr"' not in response.text
    assert '<link rel="alternate" hreflang="de" href="http://testserver/verzeichnis/">' in (
        response.text
    )


@pytest.mark.django_db
def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, home_page):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.text.splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Sitemap: http://testserver/sitemap.xml",
    ]
    assert client.get("/sitemap.xml").status_code == 200


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_site_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
