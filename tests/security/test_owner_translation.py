"""Owners are not offered Wagtail's page translation (#27): a business exists once,
with its texts in other languages on the page itself. Before, the menu offered
"Çevir" with every language disabled and the POST answered 500
(ParentNotTranslatedError)."""

import pytest

from django.contrib.auth.models import Group, Permission

from quartier import roles

from ..admin_access import assert_refused
from ..directory.factories import BusinessPageFactory, make_directory, shopkeeper

pytestmark = pytest.mark.django_db


def test_an_owner_can_neither_see_nor_post_a_page_translation(client, home_page):
    business = BusinessPageFactory(parent=make_directory(home_page), title="Kuaför Yıldız")
    owner = shopkeeper(business)
    client.force_login(owner)
    url = f"/admin/translation/submit/page/{business.pk}/"

    edit = client.get(f"/admin/pages/{business.pk}/edit/").text
    assert url not in edit
    assert_refused(client.get(url))
    assert_refused(client.post(url, {"locales": ["2"]}))


def test_the_team_and_the_editors_keep_it_owners_and_job_coaches_do_not():
    permission = Permission.objects.get(codename="submit_translation")
    holders = set(Group.objects.filter(permissions=permission).values_list("name", flat=True))
    assert roles.COORDINATION_GROUP in holders
    assert roles.EDITORS_GROUP in holders
    assert roles.SHOPKEEPERS_GROUP not in holders
    assert roles.JOB_COACHES_GROUP not in holders
