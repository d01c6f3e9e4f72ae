"""Small findings of the second probe (#27): a forged cache placeholder, ids
past the database's integer range, caching headers for signed-in users."""

import re

import pytest

from django.test import Client
from django.utils.text import slugify

from wagtail.models import PageViewRestriction

from quartier import roles
from quartier.models import SiteSettings, StandardPage

from ..directory.factories import BusinessPageFactory, make_directory, shopkeeper
from ..quartier.test_cache import use_page_cache
from .test_roles import member_of

OLD_PLACEHOLDER = "__QUARTIER_CSRF_TOKEN__"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{32,128})"')


@pytest.mark.django_db
@pytest.mark.parametrize("backend", ["local memory", "redis"])
def test_a_placeholder_typed_into_content_never_shows_a_visitors_token(
    home_page, settings, tmp_path, backend
):
    use_page_cache(backend, settings, tmp_path)
    SiteSettings.load()
    business = BusinessPageFactory(
        parent=make_directory(home_page),
        title=f"Kuaför {OLD_PLACEHOLDER} Işıl",
        tagline=f"Şahane {OLD_PLACEHOLDER}",
    )
    for url in (business.url, f"/suche/?q={OLD_PLACEHOLDER}"):
        Client().get(url)  # stored
        response = Client().get(url)  # a hit, for another visitor
        assert response.status_code == 200
        text = response.content.decode()
        tokens = set(CSRF_INPUT.findall(text))
        served = response.cookies.get("csrftoken")
        secrets = tokens | ({served.value} if served else set())
        assert OLD_PLACEHOLDER in text, url  # shown as typed
        outside_forms = CSRF_INPUT.sub("", text)
        assert [token for token in secrets if token in outside_forms] == [], url


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/go/99999999999999999999/phone/",
        "/angaben/melden/99999999999999999999/",
        "/go/9223372036854775808/website/",
        "/tr/angaben/melden/9223372036854775808/",
    ],
)
def test_ids_past_the_integer_range_are_not_found(client, home_page, url):
    client.raise_request_exception = False
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_signed_in_users_pages_are_private(client, home_page):
    business = BusinessPageFactory(parent=make_directory(home_page), title="Büfe Ümit")
    client.force_login(shopkeeper(business))
    for url in ("/", business.url, "/ar/"):
        response = client.get(url)
        assert response.status_code == 200
        directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
        assert "private" in directives, url
    client.logout()
    assert "private" not in client.get("/").get("Cache-Control", "")  # anonymous: cacheable


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["", "/en", "/ro"])
def test_restricted_pages_stay_out_of_the_public_menu(client, home_page, prefix):
    shown = StandardPage(title="Über uns", slug="ueber-uns", show_in_menus=True)
    home_page.add_child(instance=shown)
    hidden = {}
    for restriction, title in (
        (PageViewRestriction.PASSWORD, "Intern: Kasse"),
        (PageViewRestriction.LOGIN, "Nur für Angemeldete"),
        (PageViewRestriction.GROUPS, "Koordination – Ablage"),
    ):
        page = StandardPage(title=title, slug=slugify(title), show_in_menus=True)
        home_page.add_child(instance=page)
        PageViewRestriction.objects.create(
            page=page, restriction_type=restriction, password="geheim-ß"
        )
        hidden[title] = page.url
    response = client.get(f"{prefix}/")
    assert response.status_code == 200
    assert "/ueber-uns/" in response.text
    menu_titles_and_links = [
        value for title, url in hidden.items() for value in (title, url) if value in response.text
    ]
    assert menu_titles_and_links == []


@pytest.mark.django_db
def test_draft_titles_stay_hidden_from_move_confirmation_and_page_chooser(client, home_page):
    directory = make_directory(home_page)
    business = BusinessPageFactory(parent=directory, title="Kiosk Ünal")
    draft = business.get_latest_revision_as_object()
    draft.title = "Geheimer Neuname Ğüzel"
    draft.save_revision()
    unpublished = BusinessPageFactory(
        parent=directory, title="Noch nicht öffentlich İpek", live=False
    )
    unpublished.save_revision()
    client.force_login(member_of("redaktion", roles.EDITORS_GROUP))
    for url in (
        f"/admin/pages/{business.pk}/move/{home_page.pk}/confirm/",
        f"/admin/pages/{unpublished.pk}/move/{home_page.pk}/confirm/",
    ):
        response = client.get(url)
        assert (response.status_code, response.get("Location")) == (302, "/admin/"), url
    response = client.get(f"/admin/choose-page/{directory.pk}/")
    assert response.status_code == 200
    assert "Geheimer Neuname" not in response.text
    assert "Noch nicht öffentlich" not in response.text
