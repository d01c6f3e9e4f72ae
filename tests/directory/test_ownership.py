"""Ownership as data: BusinessOwnership is what invitations, permissions, the
dashboard and the report read; names and titles play no part in it."""

import importlib

import pytest

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.exceptions import ValidationError

from wagtail.models import GroupPagePermission, Locale

from directory.models import BusinessOwnerGroup, BusinessOwnership, BusinessPage
from directory.owners import grant_ownership, invite_owner, owned_businesses, revoke_ownership
from quartier.models import StandardPage

from ..admin_access import assert_refused
from .factories import (
    BusinessPageFactory,
    UserFactory,
    coordinator,
    german,  # noqa: F401  (fixture)
    make_directory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("german")]

LONG_TITLE = "Änderungsschneiderei und Reinigung " * 4  # 140 characters


@pytest.fixture
def directory(home_page):
    return make_directory(home_page)


def can_edit(user, page):
    # A fresh user object: Wagtail caches a user's page permissions on it.
    fresh = type(user).objects.get(pk=user.pk)
    return page.permissions_for_user(fresh).can_edit()


def test_granting_records_the_owner_and_lets_them_edit_exactly_that_business(directory):
    shop, other = BusinessPageFactory.create_batch(2, parent=directory)
    user = UserFactory()
    grant_ownership(user, shop)
    grant_ownership(user, shop)  # twice changes nothing
    assert list(BusinessOwnership.objects.values_list("user", "business")) == [(user.pk, shop.pk)]
    assert owned_businesses(user) == [shop]
    assert can_edit(user, shop) and not can_edit(user, other)


def test_same_and_very_long_titles_keep_owners_apart(directory):
    first = BusinessPageFactory(parent=directory, title="Kiosk")
    second = BusinessPageFactory(parent=directory, title="Kiosk")
    a, b = UserFactory(), UserFactory()
    grant_ownership(a, first)
    grant_ownership(b, second)
    assert owned_businesses(a) == [first] and owned_businesses(b) == [second]
    assert not can_edit(a, second) and not can_edit(b, first)
    # A title over 140 characters (saved before the limit existed) used to cut
    # the group name and collide on re-invitation: a 500.
    BusinessPage.objects.filter(pk__in=[first.pk, second.pk]).update(title=LONG_TITLE)
    first.refresh_from_db()
    second.refresh_from_db()
    invite_owner(first, "a@example.org")
    invite_owner(second, "b@example.org")
    invite_owner(first, "a@example.org")
    assert BusinessOwnerGroup.objects.count() == 2
    assert len({link.group.name for link in BusinessOwnerGroup.objects.all()}) == 2
    assert len(mail.outbox) == 3


def test_group_label_follows_a_renamed_business(directory):
    shop = BusinessPageFactory(parent=directory, title="Bäckerei Alt")
    grant_ownership(UserFactory(), shop)
    shop.title = "Bäckerei Neu"
    shop.save()
    grant_ownership(UserFactory(), shop)
    link = BusinessOwnerGroup.objects.get(business=shop)
    assert link.group.name == f"Inhaber #{shop.pk}: Bäckerei Neu"
    assert link.collection.name == f"Geschäft #{shop.pk}: Bäckerei Neu"


def test_revoking_or_deleting_the_record_takes_the_right_away(directory):
    shop, second = BusinessPageFactory.create_batch(2, parent=directory)
    user, other_user = UserFactory(), UserFactory()
    grant_ownership(user, shop)
    grant_ownership(other_user, shop)
    revoke_ownership(user, shop)
    assert owned_businesses(user) == [] and not can_edit(user, shop)
    assert can_edit(other_user, shop)  # the co-owner keeps it
    grant_ownership(other_user, second)
    BusinessOwnership.objects.get(user=other_user, business=second).delete()
    assert not can_edit(other_user, second) and can_edit(other_user, shop)


def test_coordination_team_adds_and_removes_owners_in_the_admin(client, directory):
    shop = BusinessPageFactory(parent=directory, title="Teestube Marxloh")
    owner = UserFactory()
    client.force_login(coordinator())
    response = client.post(
        "/admin/snippets/directory/businessownership/add/",
        {"business": shop.pk, "user": owner.pk},
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/snippets/directory/businessownership/"
    assert owned_businesses(owner) == [shop] and can_edit(owner, shop)
    listing = client.get("/admin/snippets/directory/businessownership/?q=teestube")
    assert listing.status_code == 200 and "Teestube Marxloh" in listing.text
    ownership = BusinessOwnership.objects.get(user=owner)
    response = client.post(f"/admin/snippets/directory/businessownership/delete/{ownership.pk}/")
    assert response.status_code == 302
    assert not can_edit(owner, shop)


def test_owners_cannot_see_who_owns_what(client, directory):
    shop = BusinessPageFactory(parent=directory)
    owner = UserFactory()
    grant_ownership(owner, shop)
    client.force_login(owner)
    assert client.get("/admin/snippets/directory/businessownership/").status_code == 302


@pytest.mark.parametrize(
    "title",
    ["Kiosk\nAm Markt", "Kiosk\r\nAm Markt", "Kiosk\u2028Am Markt", "Kiosk\n", "K" * 121],
)
def test_business_titles_are_one_line_of_reasonable_length(directory, title):
    shop = BusinessPageFactory.build(title=title, slug="kiosk")
    with pytest.raises(ValidationError) as error:
        shop.clean()
    assert list(error.value.message_dict) == ["title"]


def test_old_owner_groups_become_records(directory):
    """The data migration: groups named by title carried over, whatever their names."""
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    name = "0008_ownership_from_owner_groups"
    migration = importlib.import_module(f"directory.migrations.{name}")
    # Historical models, as the migration gets them (no signals of ours fire).
    apps = MigrationLoader(connection).project_state(("directory", name)).apps

    shop, long_named = BusinessPageFactory.create_batch(2, parent=directory)
    change = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    owners = {}
    for page, name in (
        (shop, f"Inhaber: {shop.title} (#{shop.pk})"),
        (long_named, "Inhaber: " + "x" * 141),
    ):
        group = Group.objects.create(name=name)
        GroupPagePermission.objects.create(group=group, page=page, permission=change)
        owners[page.pk] = UserFactory()
        owners[page.pk].groups.add(group)
    migration.forwards(apps, None)
    assert set(BusinessOwnership.objects.values_list("user", "business")) == {
        (owners[shop.pk].pk, shop.pk),
        (owners[long_named.pk].pk, long_named.pk),
    }
    assert BusinessOwnerGroup.objects.get(business=shop).group.name.startswith("Inhaber: ")
    assert owned_businesses(owners[long_named.pk]) == [long_named]


def test_a_business_is_never_translated_as_a_copy_of_its_page(client, directory):
    """Its texts are translated on the page itself; Wagtail's "Translate" action
    would duplicate address, hours and status, so it is refused."""
    from wagtail.models import Page

    from quartier.translation_sync import create_translation

    shop = BusinessPageFactory(parent=directory, title="Berber Kemal")
    create_translation(directory, "tr", title="Rehber")  # the parent may be translated
    tr = Locale.objects.get(language_code="tr")
    client.force_login(coordinator())
    response = client.post(f"/admin/translation/submit/page/{shop.pk}/", {"locales": [tr.pk]})
    assert_refused(response)
    assert not Page.objects.filter(translation_key=shop.translation_key, locale=tr).exists()
    # The same action still translates an editorial page.
    about = StandardPage(title="Über uns", slug="ueber-uns")
    directory.get_parent().add_child(instance=about)
    response = client.post(f"/admin/translation/submit/page/{about.pk}/", {"locales": [tr.pk]})
    assert response.status_code == 302 and response["Location"] != "/admin/"
    assert Page.objects.filter(translation_key=about.translation_key, locale=tr).exists()
