"""Roles, ownership and moderation, tested through the real admin views."""

import re

import pytest

from django.contrib.auth.models import Group

from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from directory.models import BusinessPage, PaymentMethod
from directory.owners import MODERATION_WORKFLOW_NAME
from quartier import roles

from ..admin_access import assert_refused
from .factories import (
    BusinessPageFactory,
    LanguageFactory,
    coordinator,
    german,  # noqa: F401  (fixture)
    make_directory,
    shopkeeper,
)

pytestmark = pytest.mark.usefixtures("german")


def edit_data(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "tagline": page.tagline,
        "category": page.category_id,
        "description": rich_text(page.description or "<p></p>"),
        "tags": "",
        "district": page.district_id,
        "street": page.street,
        "house_number": page.house_number,
        "postcode": page.postcode,
        "city": page.city,
        "latitude": str(page.latitude or ""),
        "longitude": str(page.longitude or ""),
        "phone": page.phone,
        "email": page.email,
        "website": page.website,
        "online_shop_url": page.online_shop_url,
        "opening_hours": page.opening_hours,
        "wheelchair": page.wheelchair,
        "status": page.status,
        "external_id": page.external_id,
        "gallery_images": inline_formset([]),
        "social_links": inline_formset([]),
        "jobs": inline_formset([]),
        "text_translations": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)


@pytest.fixture
def two_businesses(home_page):
    directory = make_directory(home_page)
    return (
        BusinessPageFactory(parent=directory, title="Laden A", tagline="Alt"),
        BusinessPageFactory(parent=directory, title="Laden B", tagline="Alt"),
    )


@pytest.mark.django_db
def test_migration_creates_roles_with_permissions(home_page):
    coordination = Group.objects.get(name=roles.COORDINATION_GROUP)
    editors = Group.objects.get(name=roles.EDITORS_GROUP)
    shopkeepers = Group.objects.get(name=roles.SHOPKEEPERS_GROUP)
    codenames = set(coordination.permissions.values_list("codename", flat=True))
    assert {"access_admin", "add_user", "change_user", "change_category"} <= codenames
    page_perms = set(
        GroupPagePermission.objects.filter(group=coordination, page=home_page).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page", "lock_page"} <= page_perms
    # Editors' page permissions sit on event and news index pages only
    # (tests/security/test_roles.py); a fresh site has none of those yet.
    assert not GroupPagePermission.objects.filter(group=editors).exists()
    shopkeeper_codenames = set(shopkeepers.permissions.values_list("codename", flat=True))
    assert "access_admin" in shopkeeper_codenames
    assert not shopkeeper_codenames & {"publish_page", "add_page", "change_page", "add_user"}
    assert not GroupPagePermission.objects.filter(group=shopkeepers).exists()


@pytest.mark.django_db
def test_directory_pages_are_under_the_moderation_workflow(home_page):
    directory = make_directory(home_page)
    workflow = WorkflowPage.objects.get(page=directory).workflow
    assert workflow.name == MODERATION_WORKFLOW_NAME
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [roles.COORDINATION_GROUP]
    business = BusinessPageFactory(parent=directory)
    assert business.get_workflow() == workflow
    assert Workflow.objects.filter(name=MODERATION_WORKFLOW_NAME).count() == 1


@pytest.mark.django_db
def test_shopkeeper_cannot_open_other_business(client, two_businesses):
    page_a, page_b = two_businesses
    client.force_login(shopkeeper(page_a))
    assert client.get(f"/admin/pages/{page_a.pk}/edit/").status_code == 200
    response = client.get(f"/admin/pages/{page_b.pk}/edit/")
    assert_refused(response)
    response = client.post(f"/admin/pages/{page_b.pk}/edit/", edit_data(page_b, tagline="Hack"))
    assert_refused(response)
    assert BusinessPage.objects.get(pk=page_b.pk).get_latest_revision_as_object().tagline == "Alt"
    # nor create pages, nor see the other page's drafts in the explorer
    directory = page_a.get_parent()
    add_url = f"/admin/pages/add/directory/businesspage/{directory.pk}/"
    assert_refused(client.get(add_url))


@pytest.mark.django_db
def test_shopkeeper_edit_goes_live_only_after_approval(client, two_businesses):
    page_a, _page_b = two_businesses
    owner = shopkeeper(page_a)
    client.force_login(owner)

    response = client.post(
        f"/admin/pages/{page_a.pk}/edit/",
        edit_data(page_a, tagline="Neu: jetzt mit Lieferservice", **{"action-submit": "1"}),
    )
    # She stays on her business, not on the directory's (for her empty) page list.
    assert response.status_code == 302, response.content[:2000]
    assert response["Location"] == f"/admin/pages/{page_a.pk}/edit/"
    page_a.refresh_from_db()
    assert page_a.tagline == "Alt"  # the live page is unchanged
    assert page_a.has_unpublished_changes
    state = page_a.current_workflow_state
    assert state is not None and state.status == "in_progress"
    assert "Neu: jetzt" not in client.get(page_a.url).text

    # The shopkeeper cannot publish, not even by posting the publish action: what
    # she sends joins the waiting change instead.
    client.post(
        f"/admin/pages/{page_a.pk}/edit/",
        edit_data(page_a, tagline="Neu: jetzt mit Lieferservice!", **{"action-publish": "1"}),
    )
    page_a.refresh_from_db()
    assert page_a.tagline == "Alt"
    assert not page_a.permissions_for_user(owner).can_publish()

    # The dashboard shows the status and what is missing.
    dashboard = client.get("/admin/").text
    assert "Laden A" in dashboard
    assert "Wartet auf Prüfung" in dashboard
    assert "Fotos" in dashboard

    # The coordination team approves through the admin: now it is live.
    client.force_login(coordinator())
    task_state = page_a.current_workflow_state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page_a.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code in (200, 302)
    page_a.refresh_from_db()
    assert page_a.current_workflow_state is None
    assert page_a.tagline == "Neu: jetzt mit Lieferservice!"
    assert "Neu: jetzt mit Lieferservice!" in client.get(page_a.url).text


@pytest.mark.django_db
def test_coordination_team_can_publish_directly(client, two_businesses):
    _page_a, page_b = two_businesses
    team_member = coordinator()
    client.force_login(team_member)
    assert page_b.permissions_for_user(team_member).can_publish()
    response = client.post(
        f"/admin/pages/{page_b.pk}/edit/",
        edit_data(page_b, tagline="Geprüft und veröffentlicht", **{"action-publish": "1"}),
    )
    assert response.status_code == 302, response.content[:2000]
    page_b.refresh_from_db()
    assert page_b.tagline == "Geprüft und veröffentlicht"


@pytest.mark.django_db
def test_shopkeeper_has_own_image_collection_only(two_businesses):
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    permission_policy = policy_registry.get_by_type(get_image_model())
    page_a, page_b = two_businesses
    owner = shopkeeper(page_a)
    shopkeeper(page_b)
    collections = permission_policy.collections_user_has_permission_for(owner, "add")
    assert [c.name for c in collections] == [f"Geschäft #{page_a.pk}: Laden A"]
    assert Page.objects.filter(pk=page_b.pk).exists()


@pytest.mark.django_db
def test_only_coordination_team_sets_status_and_featured(client, two_businesses):
    page_a, _page_b = two_businesses
    client.force_login(shopkeeper(page_a))
    assert 'name="featured"' not in client.get(f"/admin/pages/{page_a.pk}/edit/").text
    client.post(
        f"/admin/pages/{page_a.pk}/edit/",
        edit_data(page_a, featured="on", status="closed", **{"action-submit": "1"}),
    )
    draft = BusinessPage.objects.get(pk=page_a.pk).get_latest_revision_as_object()
    assert (draft.featured, draft.status) == (False, "active")

    client.force_login(coordinator())
    assert 'name="featured"' in client.get(f"/admin/pages/{page_a.pk}/edit/").text


def footer_actions(html):
    """The names of the edit form's action buttons, the big (default) one first."""
    footer = html[html.index('<footer class="footer') :]
    return re.findall(r'<button[^>]*\bname="(action-[a-z-]+)"', footer)


@pytest.mark.django_db
def test_owner_screen_has_one_clear_action_and_says_what_happens_next(client, two_businesses):
    page_a, _page_b = two_businesses
    LanguageFactory(code="tr", native_name="Türkçe", german_name="Türkisch")
    PaymentMethod.objects.create(name="Bar", slug="bar")
    client.force_login(shopkeeper(page_a))
    html = client.get(f"/admin/pages/{page_a.pk}/edit/").text
    assert footer_actions(html)[0] == "action-submit"
    assert "Zur Prüfung senden" in html
    # Languages and payment methods are checkboxes: a click never clears the others.
    assert re.search(r'<input type="checkbox" name="languages"', html)
    assert re.search(r'<input type="checkbox" name="payment_methods"', html)

    response = client.post(
        f"/admin/pages/{page_a.pk}/edit/",
        edit_data(page_a, tagline="Neu", **{"action-submit": "1"}),
        follow=True,
    )
    assert "Das Koordinationsteam prüft Ihre Änderung" in response.text
    # Submitted: the big button adds to the waiting change; withdrawing stays
    # possible behind the arrow, never as the big button.
    html = client.get(f"/admin/pages/{page_a.pk}/edit/").text
    footer = html[html.index('<footer class="footer') :]
    first_button = re.search(r"<button[^>]*>(.*?)</button>", footer, re.S).group(1)
    assert "Ergänzung speichern (wird mitgeprüft)" in first_button
    assert "action-cancel-workflow" in footer_actions(html)


@pytest.mark.django_db
def test_coordination_team_keeps_wagtails_actions(client, two_businesses):
    page_a, _page_b = two_businesses
    client.force_login(coordinator())
    html = client.get(f"/admin/pages/{page_a.pk}/edit/").text
    assert footer_actions(html)[0] == "action-publish"
    assert "Zur Prüfung senden" not in html


@pytest.mark.django_db
def test_owners_see_only_the_fields_they_own(client, two_businesses):
    page_a, _page_b = two_businesses
    technical = ('name="latitude"', 'name="longitude"', 'name="location_source"', 'name="slug"')
    technical += ('name="seo_title"', 'name="search_description"', 'name="status"')
    client.force_login(shopkeeper(page_a))
    html = client.get(f"/admin/pages/{page_a.pk}/edit/").text
    assert [field for field in technical if field in html] == []
    assert 'name="tagline"' in html and 'name="street"' in html
    # Posting them anyway changes nothing: they are not in the owner's form.
    response = client.post(
        f"/admin/pages/{page_a.pk}/edit/",
        edit_data(page_a, latitude="1.5", longitude="2.5", slug="anders", **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    draft = BusinessPage.objects.get(pk=page_a.pk).get_latest_revision_as_object()
    assert (draft.latitude, draft.longitude, draft.slug) == (
        page_a.latitude,
        page_a.longitude,
        page_a.slug,
    )

    client.force_login(coordinator())
    html = client.get(f"/admin/pages/{page_a.pk}/edit/").text
    assert [field for field in technical if field not in html] == []


@pytest.mark.django_db
def test_owner_adds_to_a_waiting_change_without_withdrawing_it(client, two_businesses):
    page_a, _page_b = two_businesses
    client.force_login(shopkeeper(page_a))
    client.post(
        f"/admin/pages/{page_a.pk}/edit/",
        edit_data(page_a, tagline="Cumartesi açığız", **{"action-submit": "1"}),
    )
    page_a.refresh_from_db()
    state = page_a.current_workflow_state

    # The edit screen is open to her: no lock, nothing to cancel first.
    screen = client.get(f"/admin/pages/{page_a.pk}/edit/").text
    assert "action-page-locked" not in screen
    assert 'name="action-publish"' not in screen
    saved = client.post(
        f"/admin/pages/{page_a.pk}/edit/",
        edit_data(page_a, tagline="Cumartesi açığız", phone="0203 445566"),
    )
    assert saved.status_code == 302
    messages = [str(m) for m in saved.wsgi_request._messages]
    assert any("gehört zur Änderung, die auf Prüfung wartet" in m for m in messages)

    page_a.refresh_from_db()
    assert page_a.current_workflow_state.pk == state.pk  # the same submission, still waiting
    assert page_a.current_workflow_state.status == "in_progress"
    assert (page_a.tagline, page_a.phone) == ("Alt", "")  # nothing live yet

    # The team approves once, and both parts go live together.
    client.force_login(coordinator())
    task_state = page_a.current_workflow_state.current_task_state
    client.post(
        f"/admin/pages/workflow/action/{page_a.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    page_a.refresh_from_db()
    assert page_a.current_workflow_state is None
    assert (page_a.tagline, page_a.phone) == ("Cumartesi açığız", "0203 445566")


@pytest.mark.django_db
def test_a_waiting_change_stays_locked_for_other_shopkeepers(two_businesses):
    page_a, page_b = two_businesses
    owner_a, owner_b = shopkeeper(page_a), shopkeeper(page_b)
    page_a.save_revision(user=owner_a)
    page_a.get_workflow().start(page_a, owner_a)
    lock = BusinessPage.objects.get(pk=page_a.pk).get_lock()
    assert lock.for_user(owner_a) is False
    assert lock.for_user(owner_b) is True


@pytest.mark.django_db
def test_closure_and_window_sticker_are_visible_buttons_for_the_owner(client, two_businesses):
    page_a, _page_b = two_businesses
    page_a.save_revision().publish()
    client.force_login(shopkeeper(page_a))
    closure = f"/admin/verzeichnis/geschaeft/{page_a.pk}/voruebergehend-geschlossen/"
    sticker = f"/admin/aushaenge/aufkleber/{page_a.pk}/"

    dashboard = client.get("/admin/").text
    line = re.search(r'<tr class="owned-business".*?</tr>', dashboard, re.S)[0]
    assert f'href="{closure}"' in line and f'href="{sticker}"' in line

    screen = client.get(f"/admin/pages/{page_a.pk}/edit/").text
    buttons = re.search(r'<p class="owner-actions">(.*?)</p>', screen, re.S)[1]
    assert "Vorübergehend geschlossen?" in buttons and "Fensteraufkleber (PDF)" in buttons
    assert f'href="{closure}"' in buttons and f'href="{sticker}"' in buttons
    assert screen.index('class="owner-actions"') < screen.index('name="title"')
