"""The coordination team's "Übersetzungsstand": per language, what lacks a
translation, with the link that adds it; only for the team's roles."""

import pytest

from django.urls import reverse

from taggit.models import Tag

from directory.models import TagTranslation
from quartier import roles
from quartier.models import StandardPage
from quartier.translation_sync import create_translation

from ..admin_access import assert_refused
from .factories import (
    BusinessPageFactory,
    CategoryFactory,
    DistrictFactory,
    UserFactory,
    coordinator,
    make_directory,
    shopkeeper,
)

URL = "/admin/uebersetzungsstand/"


@pytest.fixture
def content(home_page):
    directory = make_directory(home_page)
    business = BusinessPageFactory(
        parent=directory,
        title="Kuaför Yıldız",
        category=CategoryFactory(
            slug="friseur", name="Friseur", name_translations={"tr": "Kuaför", "ar": "حلاق"}
        ),
        district=DistrictFactory(slug="marxloh", name="Marxloh", name_translations={}),
    )
    business.tags.add("Brautmode", "Ärztehaus")
    TagTranslation.objects.create(
        tag=Tag.objects.get(name="Brautmode"), name_translations={"tr": "Gelinlik"}
    )
    about = StandardPage(title="Über uns – Straße", slug="ueber-uns")
    home_page.add_child(instance=about)
    about.save_revision().publish()
    create_translation(about, "tr", title="Hakkımızda")
    # A Romanian draft: not what residents see yet.
    romanian = create_translation(about, "ro", title="Despre noi")
    romanian.unpublish()
    return {"business": business, "about": about, "romanian": romanian}


def section(html, code):
    start = html.index(f'<section id="language-{code}"')
    return html[start : html.index("</section>", start)]


@pytest.mark.django_db
def test_lists_what_each_language_lacks_with_links_to_add_it(client, content):
    client.force_login(coordinator())
    html = client.get(URL).text
    about = content["about"]

    turkish = section(html, "tr")
    assert "Über uns – Straße" not in turkish  # translated and published
    assert "Friseur" not in turkish
    assert "Marxloh" in turkish
    assert "Gelinlik" not in turkish and "Brautmode" not in turkish
    assert "Ärztehaus" in turkish
    assert "Kuaför Yıldız" not in turkish  # businesses translate their texts on the page

    arabic = section(html, "ar")
    add_page = reverse("simple_translation:submit_page_translation", args=(about.pk,))
    assert f'<a href="{add_page}">Über uns – Straße</a>' in arabic
    assert "Friseur" not in arabic
    tag = Tag.objects.get(name="Ärztehaus")
    assert f'href="/admin/snippets/directory/tagtranslation/add/?tag={tag.pk}"' in arabic
    brautmode = TagTranslation.objects.get(tag__name="Brautmode")
    assert f'href="/admin/snippets/directory/tagtranslation/edit/{brautmode.pk}/"' in arabic

    romanian = section(html, "ro")
    draft = reverse("wagtailadmin_pages:edit", args=(content["romanian"].pk,))
    assert f'<a href="{draft}">Über uns – Straße</a>' in romanian


@pytest.mark.django_db
def test_the_tag_link_opens_the_form_with_the_tag_chosen(client, content):
    client.force_login(coordinator())
    tag = Tag.objects.get(name="Ärztehaus")
    html = client.get(f"/admin/snippets/directory/tagtranslation/add/?tag={tag.pk}").text
    assert f'<option value="{tag.pk}" selected>Ärztehaus</option>' in html


@pytest.mark.django_db
def test_the_editors_see_it_too(client, content):
    client.force_login(UserFactory(groups=[roles.EDITORS_GROUP]))
    response = client.get(URL)
    assert response.status_code == 200
    assert '<section id="language-bg"' in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["shopkeeper", "job coach"])
def test_other_roles_are_refused(client, content, who):
    if who == "shopkeeper":
        user = shopkeeper(content["business"])
    else:
        user = UserFactory(groups=[roles.JOB_COACHES_GROUP])
    client.force_login(user)
    assert_refused(client.get(URL))
    dashboard = client.get("/admin/").text
    assert URL not in dashboard


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login(client, content):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
