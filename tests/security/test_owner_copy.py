"""Owners are not offered Wagtail's "Copy" (#27): a copy of a business would be a
second business page without an owner. Before, the edit view's menu offered
"Kopyala" to a shopkeeper with the Turkish admin; copying is now the permission
quartier.copy_pages, held by the coordination team and the editors."""

import re

import pytest

from django.contrib.auth.models import Group, Permission

from wagtail.models import Page
from wagtail.users.models import UserProfile

from quartier import roles

from ..admin_access import assert_refused
from ..blog.factories import NewsIndexPageFactory, NewsPageFactory
from ..directory.factories import (
    BusinessPageFactory,
    UserFactory,
    coordinator,
    make_directory,
    shopkeeper,
)

pytestmark = pytest.mark.django_db


def speaking(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


HEADER_ACTIONS = re.compile(
    r'<nav aria-label="[^"]*" id="w-slim-header-buttons".*?</nav>', re.DOTALL
)


def header_actions(html):
    """The labels of the page's action menu in the admin header ("…")."""
    menu = HEADER_ACTIONS.search(html)
    assert menu is not None
    links = re.findall(r"<a [^>]*>(.*?)</a>", menu.group(0), re.DOTALL)
    return [" ".join(re.sub(r"<[^>]+>", " ", link).split()) for link in links]


@pytest.fixture
def business(home_page):
    return BusinessPageFactory(
        parent=make_directory(home_page), title="Kuaför Yıldız – Şık & Güzel"
    )


@pytest.mark.parametrize(
    ("language", "actions"),
    [
        ("tr", ["Düzenle", "Geçmiş", "Geçici olarak kapalı mı?", "Vitrin etiketi (PDF)"]),
        ("de", ["Bearbeiten", "Historie", "Vorübergehend geschlossen?", "Fensteraufkleber (PDF)"]),
    ],
)
def test_an_owner_is_not_offered_a_copy_and_cannot_make_one(client, business, language, actions):
    client.force_login(speaking(shopkeeper(business), language))
    copy_url = f"/admin/pages/{business.pk}/copy/"

    edit = client.get(f"/admin/pages/{business.pk}/edit/")
    assert edit.status_code == 200
    assert header_actions(edit.text) == actions  # before: … "Kopyala" / "Kopieren" …
    assert copy_url not in edit.text

    pages_before = Page.objects.count()
    assert_refused(client.get(copy_url))
    assert_refused(
        client.post(copy_url, {"new_title": "Kuaför Yıldız 2", "new_slug": "kuafor-yildiz-2"})
    )
    assert_refused(
        client.post(
            copy_url,
            {
                "new_title": "Kuaför Yıldız 2",
                "new_slug": "kuafor-yildiz-2",
                "new_parent_page": business.get_parent().pk,
            },
        )
    )
    assert Page.objects.count() == pages_before


def test_the_coordination_team_still_copies_a_business(client, business):
    client.force_login(speaking(coordinator(), "tr"))
    copy_url = f"/admin/pages/{business.pk}/copy/"
    assert "Kopyala" in header_actions(client.get(f"/admin/pages/{business.pk}/edit/").text)
    assert copy_url in client.get(f"/admin/pages/{business.get_parent().pk}/").text
    response = client.post(
        copy_url,
        {
            "new_title": "Kuaför Yıldız – Şube İki",
            "new_slug": "kuafor-yildiz-sube-iki",
            "new_parent_page": business.get_parent().pk,
        },
    )
    assert response.status_code == 302
    assert (
        Page.objects.filter(slug="kuafor-yildiz-sube-iki", title="Kuaför Yıldız – Şube İki").count()
        == 1
    )


def test_an_editor_still_copies_a_news_item(client, home_page):
    news = NewsPageFactory(
        parent=NewsIndexPageFactory(parent=home_page), title="Straßenfest in Hochfeld"
    )
    client.force_login(UserFactory(groups=[roles.EDITORS_GROUP]))
    copy_url = f"/admin/pages/{news.pk}/copy/"
    assert copy_url in client.get(f"/admin/pages/{news.pk}/edit/").text
    assert client.get(copy_url).status_code == 200


def test_the_team_and_the_editors_hold_it_owners_and_job_coaches_do_not():
    permission = Permission.objects.get(content_type__app_label="quartier", codename="copy_pages")
    holders = set(Group.objects.filter(permissions=permission).values_list("name", flat=True))
    assert holders == {roles.COORDINATION_GROUP, roles.EDITORS_GROUP}
