import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from quartier import roles


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", [roles.EDITORS_GROUP, roles.COORDINATION_GROUP])
def test_editors_and_coordination_manage_registrations(group_name):
    user = get_user_model().objects.create_user("rolle", password="x")
    user.groups.add(Group.objects.get(name=group_name))
    assert user.has_perm("blog.view_registration")
    assert user.has_perm("blog.change_registration")
    assert user.has_perm("blog.add_targetgroup")


@pytest.mark.django_db
def test_shopkeepers_do_not_see_registrations():
    user = get_user_model().objects.create_user("laden", password="x")
    user.groups.add(Group.objects.get(name=roles.SHOPKEEPERS_GROUP))
    assert not user.has_perm("blog.view_registration")
