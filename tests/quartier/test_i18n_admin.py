"""A shopkeeper translates their own business profile (and nobody else's)
through the real admin views; the translation is moderated like the original."""

import pytest

from wagtail.models import Locale, Page

from directory.models import BusinessPage
from quartier.translation_sync import sync_page_tree

from ..directory.factories import BusinessPageFactory, coordinator, make_directory, shopkeeper
from ..directory.test_moderation import edit_data


@pytest.fixture
def businesses(home_page):
    directory = make_directory(home_page)  # under the moderation workflow
    page_a = BusinessPageFactory(parent=directory, title="Laden A", slug="laden-a", tagline="Alt")
    page_b = BusinessPageFactory(parent=directory, title="Laden B", slug="laden-b", tagline="Alt")
    sync_page_tree()
    return page_a, page_b


def in_locale(page, code):
    return page.get_translation(Locale.objects.get(language_code=code)).specific


@pytest.mark.django_db
def test_shopkeeper_translates_own_profile_and_it_is_moderated(client, businesses):
    page_a, _page_b = businesses
    client.force_login(shopkeeper(page_a))
    turkish = in_locale(page_a, "tr")
    assert turkish.alias_of_id == page_a.pk

    edit_view = client.get(f"/admin/pages/{turkish.pk}/edit/")
    assert edit_view.status_code == 200
    assert f"/admin/pages/{turkish.pk}/convert_alias/" in edit_view.text
    response = client.post(f"/admin/pages/{turkish.pk}/convert_alias/")
    assert response.status_code == 302
    turkish = BusinessPage.objects.get(pk=turkish.pk)
    assert turkish.alias_of_id is None
    assert turkish.locale.language_code == "tr"

    response = client.post(
        f"/admin/pages/{turkish.pk}/edit/",
        edit_data(turkish, tagline="Taze ekmek her gün", **{"action-submit": "1"}),
    )
    assert response.status_code == 302, response.content[:2000]
    turkish.refresh_from_db()
    assert turkish.current_workflow_state.status == "in_progress"
    assert "Taze ekmek" not in client.get("/tr/verzeichnis/laden-a/").text

    client.force_login(coordinator())
    task_state = turkish.current_workflow_state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{turkish.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code in (200, 302)
    client.logout()
    turkish_page = client.get("/tr/verzeichnis/laden-a/").text
    assert "Taze ekmek her gün" in turkish_page
    assert "noch nicht übersetzt" not in turkish_page
    assert "Taze ekmek" not in client.get("/verzeichnis/laden-a/").text


@pytest.mark.django_db
def test_shopkeeper_cannot_translate_another_profile(client, businesses):
    page_a, page_b = businesses
    client.force_login(shopkeeper(page_a))
    other = in_locale(page_b, "tr")
    response = client.post(f"/admin/pages/{other.pk}/convert_alias/")
    assert response.status_code in (302, 403)
    assert Page.objects.get(pk=other.pk).alias_of_id == page_b.pk
    response = client.post(f"/admin/translation/submit/page/{page_b.pk}/", {"locales": []})
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_shopkeeper_submits_a_translation_with_simple_translation(client, businesses):
    """Where a language has no alias yet, simple_translation's "Translate" view
    creates the translation; it inherits ownership and moderation."""
    page_a, page_b = businesses
    owner = shopkeeper(page_a)
    in_locale(page_a, "bg").delete()
    in_locale(page_b, "bg").delete()
    bulgarian = Locale.objects.get(language_code="bg")
    client.force_login(owner)

    form = client.get(f"/admin/translation/submit/page/{page_a.pk}/")
    assert form.status_code == 200
    response = client.post(
        f"/admin/translation/submit/page/{page_a.pk}/", {"locales": [bulgarian.pk]}
    )
    assert response.status_code == 302
    translated = page_a.get_translation(bulgarian)
    assert translated.alias_of_id is None
    assert translated.permissions_for_user(owner).can_edit()
    assert not translated.permissions_for_user(owner).can_publish()
    assert translated.get_workflow() is not None
    assert client.get(f"/admin/pages/{translated.pk}/edit/").status_code == 200

    response = client.post(
        f"/admin/translation/submit/page/{page_b.pk}/", {"locales": [bulgarian.pk]}
    )
    assert response.status_code in (302, 403)
    assert not page_b.has_translation(bulgarian)
