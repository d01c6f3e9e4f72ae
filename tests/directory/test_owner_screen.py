"""The owner's way through the admin, through the real views: after login an
owner of one business lands on its edit screen, an owner of several on a
dashboard with one line per business and its state in words; the edit screen
groups the fields in plain German; the gallery takes several pictures at once."""

import datetime

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from wagtail.test.utils.form_data import inline_formset

from directory.models import BusinessPage
from directory.owners import business_collection, grant_ownership
from quartier import roles
from quartier.clock import local_today

from .factories import (
    BusinessPageFactory,
    UserFactory,
    coordinator,
    german,  # noqa: F401  (fixture)
    make_directory,
    shopkeeper,
)
from .test_moderation import edit_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("german")]

PASSWORD = "a-safe-test-password"  # UserFactory's


@pytest.fixture
def shops(home_page):
    directory = make_directory(home_page)  # under the moderation workflow
    return [
        BusinessPageFactory(parent=directory, title=title, slug=slug)
        for title, slug in (("Laden A", "laden-a"), ("Laden B", "laden-b"), ("Laden C", "laden-c"))
    ]


def log_in(client, user, next_url=None):
    data = {"username": user.username, "password": PASSWORD}
    if next_url is not None:
        data["next"] = next_url
    return client.post("/admin/login/", data)


def landing(client, user, next_url=None):
    response = log_in(client, user, next_url)
    client.logout()
    return response.status_code, response["Location"]


# --- After login -----------------------------------------------------------------


def test_each_owner_of_one_business_lands_on_its_edit_screen(client, shops):
    shop_a, shop_b, _shop_c = shops
    owner_a, owner_b = shopkeeper(shop_a), shopkeeper(shop_b)
    assert landing(client, owner_a) == (302, f"/admin/pages/{shop_a.pk}/edit/")
    assert landing(client, owner_b) == (302, f"/admin/pages/{shop_b.pk}/edit/")
    # Sent to the login by the dashboard (the invitation's link is /admin/): the same.
    assert landing(client, owner_a, "/admin/") == (302, f"/admin/pages/{shop_a.pk}/edit/")
    # Any other target wins: the owner asked for it.
    assert landing(client, owner_a, "/admin/account/") == (302, "/admin/account/")
    # Already signed in, the login page sends them on in the same way.
    client.force_login(owner_b)
    response = client.get("/admin/login/")
    assert (response.status_code, response["Location"]) == (302, f"/admin/pages/{shop_b.pk}/edit/")


def test_owners_of_several_editors_and_the_team_keep_the_dashboard(client, shops):
    shop_a, shop_b, shop_c = shops
    several = shopkeeper(shop_a)
    grant_ownership(several, shop_c)
    shopkeeper(shop_b)  # another owner changes nothing
    editor = UserFactory(groups=[roles.EDITORS_GROUP])
    team = coordinator()
    grant_ownership(team, shop_b)  # the team keeps its dashboard even when it owns one
    without_business = UserFactory(groups=[roles.SHOPKEEPERS_GROUP])
    for user in (several, editor, team, without_business):
        assert landing(client, user) == (302, "/admin/"), user.username


def test_a_wrong_password_lands_nowhere(client, shops):
    owner = shopkeeper(shops[0])
    response = client.post("/admin/login/", {"username": owner.username, "password": "falsch"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# --- The dashboard: one line per business, its state in words --------------------


def dashboard_rows(html):
    soup = BeautifulSoup(html, "html.parser")
    return [
        (
            row.th.a.get_text(strip=True),
            row.select_one(".owned-business__state").get_text(" ", strip=True),
        )
        for row in soup.select("#owned-businesses-section tr.owned-business")
    ]


def test_dashboard_names_each_business_and_its_state(client, shops):
    shop_a, shop_b, shop_c = shops
    owner = shopkeeper(shop_a)
    grant_ownership(owner, shop_b)
    grant_ownership(owner, shop_c)
    other = shopkeeper(BusinessPageFactory(parent=shop_a.get_parent(), title="Fremd"))
    client.force_login(owner)
    # A: submitted for review; B: saved but not submitted; C: closed for a fortnight.
    response = client.post(
        f"/admin/pages/{shop_a.pk}/edit/",
        edit_data(shop_a, tagline="Neu", **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    response = client.post(f"/admin/pages/{shop_b.pk}/edit/", edit_data(shop_b, tagline="Neu"))
    assert response.status_code == 302
    reopens = local_today() + datetime.timedelta(days=14)
    BusinessPage.objects.filter(pk=shop_c.pk).update(
        status=BusinessPage.Status.TEMPORARILY_CLOSED, reopens_on=reopens
    )
    html = client.get("/admin/").text
    date = f"{reopens.day}. {MONTHS[reopens.month - 1]} {reopens.year}"
    assert dashboard_rows(html) == [
        ("Laden A", "Wartet auf Prüfung"),
        ("Laden B", "Entwurf mit Änderungen"),
        ("Laden C", f"Veröffentlicht · Vorübergehend geschlossen, öffnet wieder am {date}"),
    ]
    assert "Ihre Geschäfte" in html

    client.force_login(other)
    assert dashboard_rows(client.get("/admin/").text) == [("Fremd", "Veröffentlicht")]
    client.force_login(coordinator())
    assert dashboard_rows(client.get("/admin/").text) == []


MONTHS = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


def test_dashboard_queries_do_not_grow_with_the_businesses(
    client, shops, django_assert_max_num_queries
):
    shop_a, shop_b, shop_c = shops
    owner = shopkeeper(shop_a)
    client.force_login(owner)
    client.get("/admin/")  # warm caches (site, locales)
    with django_assert_max_num_queries(34) as one:
        client.get("/admin/")
    grant_ownership(owner, shop_b)
    grant_ownership(owner, shop_c)
    with django_assert_max_num_queries(42) as three:
        client.get("/admin/")
    # Each further business costs its own four lookups (moderation state; gallery,
    # languages and payment methods for what is missing), no more.
    assert len(three.captured_queries) - len(one.captured_queries) <= 2 * 4


# --- The edit screen: groups in plain German --------------------------------------

GROUPS = [
    ("Ihr Geschäft", "Was bieten Sie an? Schreiben Sie kurz und einfach."),
    (
        "Wann haben Sie geöffnet?",
        "Tragen Sie für jeden Tag ein, wann Sie geöffnet haben. Urlaub und besondere "
        "Tage tragen Sie unten ein.",
    ),
    ("So erreicht man Sie", "Ihre Adresse, Ihr Telefon und Ihre Seiten im Internet."),
    (
        "Sprachen, Bezahlen, Zugang",
        "Welche Sprachen sprechen Sie? Wie kann man bezahlen? Kommt man mit dem Rollstuhl hinein?",
    ),
    (
        "Bilder",
        "Zeigen Sie Ihr Geschäft: ein Logo und bis zu 8 Fotos. Mit „Fotos hinzufügen“ "
        "wählen Sie mehrere Bilder auf einmal aus. Mehrere neue Bilder auf einmal hochladen",
    ),
    (
        "Übersetzungen",
        "Ihre Texte in anderen Sprachen. Adresse, Öffnungszeiten und alle anderen Angaben "
        "gelten für jede Sprache.",
    ),
    ("Stellen", "Suchen Sie Mitarbeiterinnen, Mitarbeiter oder Auszubildende?"),
]


def content_groups(html):
    """(heading, help sentence) of each group with a help sentence, in order."""
    soup = BeautifulSoup(html, "html.parser")
    groups = []
    for section in soup.select("section.w-panel"):
        heading = section.select_one(":scope > .w-panel__header .w-panel__heading")
        help_block = section.select_one(":scope > .w-panel__content > .help-block")
        if heading is not None and help_block is not None:
            groups.append(
                (heading.get_text(" ", strip=True), " ".join(help_block.get_text(" ").split()))
            )
    return groups


def test_owner_sees_the_fields_in_plain_groups_and_the_team_the_same_plus_its_own(client, shops):
    shop = shops[0]
    client.force_login(shopkeeper(shop))
    owner_html = client.get(f"/admin/pages/{shop.pk}/edit/").text
    assert content_groups(owner_html) == GROUPS
    assert 'name="latitude"' not in owner_html
    assert 'name="status"' not in owner_html

    client.force_login(coordinator())
    team_html = client.get(f"/admin/pages/{shop.pk}/edit/").text
    assert content_groups(team_html) == GROUPS
    for technical in ('name="latitude"', 'name="location_source"', 'name="slug"'):
        assert technical in team_html
    assert 'name="status"' in team_html


def test_gallery_adds_several_pictures_in_one_go(client, shops):
    shop, other_shop, _shop_c = shops
    owner = shopkeeper(shop)
    own = [
        wagtail_factories.ImageFactory(title=f"Foto {n}", collection=business_collection(shop))
        for n in range(3)
    ]
    foreign = wagtail_factories.ImageFactory(
        title="Fremdes Foto", collection=business_collection(other_shop)
    )
    client.force_login(owner)
    html = client.get(f"/admin/pages/{shop.pk}/edit/").text
    soup = BeautifulSoup(html, "html.parser")
    # Wagtail's multiple chooser: the button opens the image chooser with ticks.
    assert soup.select_one("#id_gallery_images-OPEN_MODAL").get_text(strip=True) == (
        "Fotos hinzufügen"
    )
    assert "new MultipleChooserPanel(" in html
    chooser = client.get("/admin/images/chooser/?multiple=1").json()
    ticks = BeautifulSoup(chooser["html"], "html.parser").select("input[type=checkbox][name=id]")
    assert sorted(int(tick["value"]) for tick in ticks) == sorted(image.pk for image in own)
    ids = "&".join(f"id={image.pk}" for image in own)
    chosen = client.get(f"/admin/images/chooser/chosen-multiple/?{ids}").json()
    assert sorted(int(item["id"]) for item in chosen["result"]) == sorted(image.pk for image in own)
    # The three rows the chooser adds are saved with one submit; another shop's picture is not.
    rows = [{"image": image.pk, "caption": ""} for image in own]
    response = client.post(
        f"/admin/pages/{shop.pk}/edit/",
        edit_data(shop, gallery_images=inline_formset(rows), **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    draft = BusinessPage.objects.get(pk=shop.pk).get_latest_revision_as_object()
    assert [row.image_id for row in draft.gallery_images.all()] == [image.pk for image in own]
    response = client.post(
        f"/admin/pages/{shop.pk}/edit/",
        edit_data(shop, gallery_images=inline_formset([{"image": foreign.pk, "caption": ""}])),
    )
    assert response.status_code == 200  # the form refuses it
    # Wagtail's upload of several new pictures at once is linked from the group.
    upload = soup.find("a", string="Mehrere neue Bilder auf einmal hochladen")
    assert upload["href"] == "/admin/images/multiple/add/"
    assert client.get(upload["href"]).status_code == 200
