"""Nobody raises themselves: an account may edit (and so set the password
of, or deactivate), delete or give groups to another account only when it
holds every permission that account would hold. Tried with the demo roles."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from quartier import roles

from ..admin_access import assert_refused
from ..directory.factories import BusinessPageFactory, make_directory, shopkeeper
from .test_roles import member_of

NEW_PASSWORD = "Übernahme-Passwort-ğış-2026"


@pytest.fixture
def people(home_page):
    business = BusinessPageFactory(parent=make_directory(home_page), title="Kiosk Ünal")
    superuser = get_user_model().objects.create_superuser(
        "chefin", "chefin@quartier.example", "alt-Passwort-1"
    )
    technik = Group.objects.create(name="Technik")
    technik.permissions.add(Permission.objects.get(codename="delete_user"))
    return {
        "superuser": superuser,
        "coordination": member_of("koordination", roles.COORDINATION_GROUP),
        "editor": member_of("redaktion", roles.EDITORS_GROUP),
        "job_coach": member_of("jobcoach", roles.JOB_COACHES_GROUP),
        "owner": shopkeeper(business),
        "technik": member_of("technik", "Technik"),
        "technik_group": technik,
    }


def edit_data(user, **changes):
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "Zeynep",
        "last_name": "Doğan",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
    }
    data.update(changes)
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["superuser", "technik"])
def test_the_coordination_team_cannot_take_over_a_more_powerful_account(client, people, target):
    account = people[target]
    client.force_login(people["coordination"])
    assert_refused(client.get(f"/admin/users/edit/{account.pk}/"))
    assert_refused(client.post(f"/admin/users/edit/{account.pk}/", edit_data(account)))
    account.refresh_from_db()
    assert not account.check_password(NEW_PASSWORD)
    assert (account.first_name, account.is_active) == ("", True)
    for action in ("set_active_state", "assign_role"):
        url = f"/admin/bulk/users/user/{action}/?id={account.pk}"
        assert_refused(client.get(url))
        assert_refused(client.post(url, {"mark_as_active": "", "role": ""}))
    account.refresh_from_db()
    assert account.is_active


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["editor", "job_coach", "owner"])
def test_the_coordination_team_still_manages_the_roles_below_it(client, people, target):
    account = people[target]
    client.force_login(people["coordination"])
    assert client.get(f"/admin/users/edit/{account.pk}/").status_code == 200
    response = client.post(f"/admin/users/edit/{account.pk}/", edit_data(account))
    assert (response.status_code, response["Location"]) == (302, "/admin/users/")
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)
    assert account.last_name == "Doğan"


@pytest.mark.django_db
def test_nobody_gives_themselves_or_others_a_group_beyond_their_own(client, people):
    coordination = people["coordination"]
    technik = people["technik_group"]
    client.force_login(coordination)
    own_groups = [group.pk for group in coordination.groups.all()]
    response = client.post(
        f"/admin/users/edit/{coordination.pk}/",
        edit_data(coordination, groups=[*own_groups, technik.pk]),
    )
    assert_refused(response)
    owner = people["owner"]
    response = client.post(f"/admin/users/edit/{owner.pk}/", edit_data(owner, groups=[technik.pk]))
    assert_refused(response)
    response = client.post(
        "/admin/users/new/",
        {**edit_data(owner, username="neu", email="neu@quartier.example"), "groups": [technik.pk]},
    )
    assert_refused(response)
    assert not get_user_model().objects.filter(username="neu").exists()
    assert not technik.user_set.exclude(pk=people["technik"].pk).exists()
    # A group the team holds all of is fine.
    response = client.post(
        "/admin/users/new/",
        {
            **edit_data(owner, username="neu", email="neu@quartier.example"),
            "groups": [Group.objects.get(name=roles.EDITORS_GROUP).pk],
        },
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="neu").groups.get().name == roles.EDITORS_GROUP


@pytest.mark.django_db
def test_a_superuser_still_manages_everyone(client, people):
    client.force_login(people["superuser"])
    account = people["technik"]
    response = client.post(f"/admin/users/edit/{account.pk}/", edit_data(account))
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.check_password(NEW_PASSWORD)
