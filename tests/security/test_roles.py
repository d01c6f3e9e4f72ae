"""Each role may do exactly what README.md's role table says, in every
language tree:

- Koordinationsteam: everything in the page tree, users, directory data;
- Redaktion: add, edit and publish campaigns, workshops and news (and their
  index pages), images and documents; nothing else in the page tree, above
  all no business profile and no legal page;
- Geschäftsinhaber: edit (never publish) their own business profile only."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from wagtail.models import Locale, Page

from blog.models import EventIndexPage, NewsIndexPage
from directory.models import BusinessPage
from quartier import roles
from quartier.models import StandardPage
from quartier.translation_sync import create_translation

from ..blog.factories import (
    CampaignPageFactory,
    EventIndexPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    WorkshopPageFactory,
)
from ..directory.factories import (
    BusinessPageFactory,
    german,  # noqa: F401  (fixture)
    make_directory,
    shopkeeper,
)
from ..directory.test_moderation import edit_data

pytestmark = pytest.mark.usefixtures("german")

NOTHING = ""
# e = edit, p = publish, a = add a child page (only where child pages may exist)
MATRIX = {
    #  page           coordination editors owner   other owner
    "home": ("eap", NOTHING, NOTHING, NOTHING),
    "imprint": ("eap", NOTHING, NOTHING, NOTHING),
    "directory": ("eap", NOTHING, NOTHING, NOTHING),
    "business": ("ep", NOTHING, "e", NOTHING),
    "events": ("eap", "eap", NOTHING, NOTHING),
    "campaign": ("ep", "ep", NOTHING, NOTHING),
    "workshop": ("ep", "ep", NOTHING, NOTHING),
    "news_index": ("eap", "eap", NOTHING, NOTHING),
    "news": ("ep", "ep", NOTHING, NOTHING),
}
ROLES = ("coordination", "editor", "owner", "other_owner")


def member_of(username, group_name):
    user = get_user_model().objects.create_user(username, f"{username}@quartier.example", "pw")
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def site(home_page):
    imprint = StandardPage(title="Impressum", slug="impressum", introduction="DDG")
    home_page.add_child(instance=imprint)
    directory = make_directory(home_page)
    business = BusinessPageFactory(parent=directory, title="Laden A", tagline="Alt")
    other = BusinessPageFactory(parent=directory, title="Laden B")
    events = EventIndexPageFactory(parent=home_page)
    news_index = NewsIndexPageFactory(parent=home_page)
    pages = {
        "home": home_page,
        "imprint": imprint,
        "directory": directory,
        "business": business,
        "events": events,
        "campaign": CampaignPageFactory(parent=events),
        "workshop": WorkshopPageFactory(parent=events),
        "news_index": news_index,
        "news": NewsPageFactory(parent=news_index),
    }
    users = {
        "coordination": member_of("koordination", roles.COORDINATION_GROUP),
        "editor": member_of("redaktion", roles.EDITORS_GROUP),
        "owner": shopkeeper(business),
        "other_owner": shopkeeper(other),
    }
    return pages, users


def abilities(page, user):
    tester = Page.objects.get(pk=page.pk).specific.permissions_for_user(user)
    return "".join(
        letter
        for letter, allowed in (
            ("e", tester.can_edit()),
            ("a", tester.can_add_subpage()),
            ("p", tester.can_publish()),
        )
        if allowed
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_page_permission_matrix(site, language):
    pages, users = site
    found, expected = {}, {}
    locale = Locale.objects.get(language_code=language)
    # Editorial pages have real translations; a business has one page. All
    # created before the first check: Wagtail caches a user's permissions.
    versions = {}
    for name, page in pages.items():
        versions[name] = page
        if language != "de" and name != "business":
            versions[name] = page.get_translation_or_none(locale) or create_translation(
                page, language
            )
    for name, translated in versions.items():
        for role, allowed in zip(ROLES, MATRIX[name], strict=True):
            expected[name, role] = "".join(sorted(allowed))
            found[name, role] = "".join(sorted(abilities(translated, users[role])))
    assert found == expected


@pytest.mark.django_db
def test_model_permissions_per_role(site):
    _pages, users = site
    checks = {
        "wagtailadmin.access_admin": (True, True, True, True),
        "users.add_user": (True, False, False, False),
        "users.change_user": (True, False, False, False),
        "directory.change_category": (True, False, False, False),
        "directory.change_district": (True, False, False, False),
        "directory.view_businessclaim": (True, False, False, False),
        "directory.manage_listing": (True, False, False, False),
        "blog.view_registration": (True, True, False, False),
    }
    found = {perm: tuple(users[role].has_perm(perm) for role in ROLES) for perm in checks}
    assert found == checks


@pytest.mark.django_db
def test_editor_cannot_publish_a_business_profile_through_the_admin(client, site):
    pages, users = site
    business = pages["business"]
    client.force_login(users["editor"])
    response = client.post(
        f"/admin/pages/{business.pk}/edit/",
        edit_data(business, tagline="Von der Redaktion", **{"action-publish": "1"}),
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    business = BusinessPage.objects.get(pk=business.pk)
    assert business.tagline == "Alt"
    assert business.get_latest_revision_as_object().tagline == "Alt"


@pytest.mark.django_db
def test_index_pages_created_later_are_open_to_editors(site):
    pages, users = site
    events = EventIndexPageFactory(parent=pages["home"], title="Mehr Termine", slug="mehr")
    news = NewsIndexPageFactory(parent=pages["home"], title="Presse", slug="presse")
    for page in (events, news):
        for translated in page.get_translations(inclusive=True):
            assert abilities(translated, users["editor"]) == "eap", translated
    assert EventIndexPage.objects.count() == NewsIndexPage.objects.count() == 2  # no aliases


PERSONAL_DATA = {
    # admin list             coordination editors owner  other owner
    "/admin/users/": (True, False, False, False),
    "/admin/snippets/directory/businessclaim/": (True, False, False, False),
    "/admin/snippets/blog/registration/": (True, True, False, False),
}


@pytest.mark.django_db
def test_personal_data_lists_open_only_to_their_roles(client, site):
    _pages, users = site
    found = {}
    for url in PERSONAL_DATA:
        answers = []
        for role in ROLES:
            client.force_login(users[role])
            response = client.get(url)
            assert response.status_code in (200, 302, 403), (url, role)
            if response.status_code == 302:
                assert response["Location"] == "/admin/", (url, role)
            answers.append(response.status_code == 200)
        found[url] = tuple(answers)
    assert found == PERSONAL_DATA
