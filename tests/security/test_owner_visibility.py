"""A shopkeeper sees, of other people's work, only what the public sees:
no draft title of any page and no other account's full name, in no admin
view (page chooser search, bulk actions, filter menus, reports)."""

import pytest

from wagtail.models import Page

from ..directory.factories import BusinessPageFactory, coordinator, shopkeeper
from .test_personal_data import admin_urls, personal_data  # noqa: F401  (fixture)

DRAFT_TITLE = "Geheimer Entwurf"
OTHER_NAME = ("Bernd", "Besitzermann")


@pytest.fixture
def other_work(personal_data):  # noqa: F811
    owner, ids = personal_data
    directory = Page.objects.get(pk=ids["page"]).get_parent()
    other_page = BusinessPageFactory(parent=directory, title="Laden B")
    other = shopkeeper(other_page)
    other.first_name, other.last_name = OTHER_NAME
    other.save()
    other_page.owner = other
    other_page.save()
    other_page.title = DRAFT_TITLE
    other_page.save_revision(user=other, log_action=True)
    return owner, {**ids, "other_page": other_page.pk, "directory": directory.pk}


@pytest.mark.django_db
def test_owner_sees_no_draft_title_and_no_other_name(client, other_work):
    owner, ids = other_work
    client.force_login(owner)
    client.raise_request_exception = False
    hidden = [DRAFT_TITLE, " ".join(OTHER_NAME), OTHER_NAME[1]]
    found = {}
    directory = ids["directory"]
    extra = [
        f"/admin/choose-page/{directory}/",
        "/admin/choose-page/search/?q=Laden",
        "/admin/pages/search/?q=Laden",
    ]
    for url in [*admin_urls(ids), *extra]:
        if "?" in url:
            pass
        elif "/bulk/" in url:
            url += f"?id={ids['other_page']}&id={ids['page']}"
        elif any(word in url for word in ("choose", "search", "results")):
            url += "?q=Geheim"
        response = client.get(url)
        if url in extra and "choose-page" in url:
            assert response.status_code == 200, url
        if response.streaming:
            text = b"".join(response.streaming_content).decode(errors="replace")
        else:
            text = response.content.decode(errors="replace")
        if leaked := [value for value in hidden if value in text]:
            found[url] = leaked
    assert found == {}


@pytest.mark.django_db
def test_publishing_roles_keep_names_and_drafts(client, other_work):
    owner, ids = other_work
    client.force_login(owner)
    response = client.get("/admin/choose-page/search/?q=Laden")
    assert response.status_code == 200
    assert "Laden A" in response.text  # the owner's own page stays choosable

    client.force_login(coordinator())
    response = client.get(f"/admin/pages/{ids['directory']}/")
    assert response.status_code == 200
    assert " ".join(OTHER_NAME) in response.text  # the "edited by" filter menu
    response = client.get(f"/admin/choose-page/{ids['directory']}/")
    assert DRAFT_TITLE in response.text
    response = client.get("/admin/reports/site-history/")
    assert response.status_code == 200
    assert " ".join(OTHER_NAME) in response.text
