"""A shopkeeper translates their own business's texts (and nobody else's)
through the real admin views: the translation is an inline part of the one
business page, so it is moderated like any other change of that page."""

import pytest

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, rich_text

from directory.models import BusinessPage, BusinessPageTranslation

from ..directory.factories import BusinessPageFactory, coordinator, make_directory, shopkeeper
from ..directory.test_moderation import edit_data

NOTICE = "Bu içerik henüz çevrilmedi"


@pytest.fixture
def businesses(home_page):
    directory = make_directory(home_page)  # under the moderation workflow
    page_a = BusinessPageFactory(parent=directory, title="Laden A", slug="laden-a", tagline="Alt")
    page_b = BusinessPageFactory(parent=directory, title="Laden B", slug="laden-b", tagline="Alt")
    return page_a, page_b


def turkish_texts(tagline, description="<p>Her gün taze.</p>"):
    return inline_formset(
        [{"language": "tr", "tagline": tagline, "description": rich_text(description)}]
    )


@pytest.mark.django_db
def test_shopkeeper_translates_own_texts_and_it_is_moderated(client, businesses):
    page_a, _page_b = businesses
    pages_before = Page.objects.count()
    client.force_login(shopkeeper(page_a))
    edit_view = client.get(f"/admin/pages/{page_a.pk}/edit/")
    assert edit_view.status_code == 200
    assert "Übersetzungen" in edit_view.text
    assert "convert_alias" not in edit_view.text

    response = client.post(
        f"/admin/pages/{page_a.pk}/edit/",
        edit_data(
            page_a,
            text_translations=turkish_texts("Taze ekmek her gün"),
            **{"action-submit": "1"},
        ),
    )
    assert response.status_code == 302, response.content[:2000]
    page_a = BusinessPage.objects.get(pk=page_a.pk)
    assert page_a.current_workflow_state.status == "in_progress"
    # Not live until approved: the Turkish page still shows German with the notice.
    waiting = client.get("/tr/verzeichnis/laden-a/").text
    assert "Taze ekmek" not in waiting
    assert not BusinessPageTranslation.objects.exists()

    client.force_login(coordinator())
    task_state = page_a.current_workflow_state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page_a.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code == 302
    client.logout()
    turkish_page = client.get("/tr/verzeichnis/laden-a/").text
    assert '<p class="lead">Taze ekmek her gün</p>' in turkish_page
    assert "Her gün taze." in turkish_page
    assert NOTICE not in turkish_page
    assert 'hreflang="tr" href="http://testserver/tr/verzeichnis/laden-a/"' in turkish_page
    german_page = client.get("/verzeichnis/laden-a/").text
    assert "Taze ekmek" not in german_page
    # Still one page for the business: the texts are part of it.
    assert Page.objects.count() == pages_before
    arabic = client.get("/ar/verzeichnis/laden-a/").text
    assert '<div class="content-region">' in arabic
    assert '<p class="lead" lang="de" dir="ltr">' in arabic
    assert "Taze ekmek" not in arabic


@pytest.mark.django_db
def test_two_translations_for_one_language_are_refused(client, businesses):
    page_a, _page_b = businesses
    client.force_login(coordinator())
    rows = [
        {"language": "tr", "tagline": "Bir", "description": rich_text("<p>1</p>")},
        {"language": "tr", "tagline": "İki", "description": rich_text("<p>2</p>")},
    ]
    response = client.post(
        f"/admin/pages/{page_a.pk}/edit/",
        edit_data(page_a, text_translations=inline_formset(rows), **{"action-publish": "1"}),
    )
    assert response.status_code == 200
    # Django's formset checks the model's unique constraint (page, language).
    assert "Bitte die doppelten Daten für page und language korrigieren" in response.text
    assert not BusinessPageTranslation.objects.exists()


@pytest.mark.django_db
def test_shopkeeper_cannot_translate_another_business(client, businesses):
    page_a, page_b = businesses
    client.force_login(shopkeeper(page_a))
    response = client.post(
        f"/admin/pages/{page_b.pk}/edit/",
        edit_data(page_b, text_translations=turkish_texts("Başkası"), **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    page_b = BusinessPage.objects.get(pk=page_b.pk)
    assert page_b.get_latest_revision() is None
    assert not page_b.text_translations.exists()
