"""Images and documents stay where their collections put them: a shopkeeper
attaches only images from their own business's collection (checked on the
server, whatever the form posts), the admin API lists only what the account
may choose, and a document in a restricted collection reaches no anonymous
visitor."""

import pytest
import wagtail_factories

from wagtail.models import Collection, CollectionViewRestriction
from wagtail.test.utils.form_data import inline_formset

from directory.models import BusinessPage
from directory.owners import business_collection

from ..directory.factories import (
    BusinessPageFactory,
    coordinator,
    german,  # noqa: F401  (fixture)
    make_directory,
    shopkeeper,
)
from ..directory.test_moderation import edit_data

pytestmark = pytest.mark.usefixtures("german")


@pytest.fixture
def collections(home_page):
    directory = make_directory(home_page)
    own_page = BusinessPageFactory(parent=directory, title="Laden A")
    other_page = BusinessPageFactory(parent=directory, title="Laden B")
    owner = shopkeeper(own_page)
    shopkeeper(other_page)
    root = Collection.get_first_root_node()
    private = root.add_child(name="Intern")
    images = {
        "own": wagtail_factories.ImageFactory(
            title="Eigenes Bild", collection=business_collection(own_page)
        ),
        "other": wagtail_factories.ImageFactory(
            title="Bild von Laden B", collection=business_collection(other_page)
        ),
        "private": wagtail_factories.ImageFactory(title="Internes Bild", collection=private),
    }
    document = wagtail_factories.DocumentFactory(title="Interne Liste", collection=private)
    return {
        "page": own_page,
        "owner": owner,
        "images": images,
        "document": document,
        "private": private,
    }


def post_edit(client, page, **changes):
    return client.post(f"/admin/pages/{page.pk}/edit/", edit_data(page, **changes))


def draft(page):
    return BusinessPage.objects.get(pk=page.pk).get_latest_revision_as_object()


@pytest.mark.django_db
@pytest.mark.parametrize("image", ["other", "private"])
def test_owner_cannot_attach_foreign_images(client, collections, image):
    page, images = collections["page"], collections["images"]
    client.force_login(collections["owner"])
    foreign = images[image].pk

    response = post_edit(client, page, logo=foreign)
    assert response.status_code == 200
    assert response.context["form"].errors["logo"]
    response = post_edit(client, page, gallery_images=inline_formset([{"image": foreign}]))
    assert response.status_code == 200
    assert draft(page).logo_id is None
    assert list(draft(page).gallery_images.values_list("image_id", flat=True)) == []

    response = post_edit(
        client,
        page,
        logo=images["own"].pk,
        gallery_images=inline_formset([{"image": images["own"].pk}]),
    )
    assert response.status_code == 302
    assert draft(page).logo_id == images["own"].pk
    assert [item.image_id for item in draft(page).gallery_images.all()] == [images["own"].pk]


@pytest.mark.django_db
def test_coordination_attaches_any_image_and_owner_keeps_it(client, collections):
    page, images = collections["page"], collections["images"]
    client.force_login(coordinator())
    response = post_edit(client, page, logo=images["private"].pk)
    assert response.status_code == 302
    assert draft(page).logo_id == images["private"].pk

    # The owner's next edit keeps the image the coordination team chose.
    client.force_login(collections["owner"])
    page = draft(page)
    response = post_edit(client, page, logo=images["private"].pk, tagline="Neu")
    assert response.status_code == 302
    assert (draft(page).logo_id, draft(page).tagline) == (images["private"].pk, "Neu")


@pytest.mark.django_db
def test_admin_api_lists_only_choosable_images_and_documents(client, collections):
    images = collections["images"]
    client.force_login(collections["owner"])
    response = client.get("/admin/api/main/images/")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [images["own"].pk]
    response = client.get(f"/admin/api/main/images/{images['private'].pk}/")
    assert response.status_code == 404
    response = client.get("/admin/api/main/documents/")
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert "Interne Liste" not in response.text
    response = client.get(f"/admin/api/main/documents/{collections['document'].pk}/")
    assert response.status_code == 404

    client.force_login(coordinator())
    response = client.get("/admin/api/main/images/")
    assert sorted(item["id"] for item in response.json()["items"]) == sorted(
        image.pk for image in images.values()
    )
    response = client.get("/admin/api/main/documents/")
    assert [item["id"] for item in response.json()["items"]] == [collections["document"].pk]


@pytest.mark.django_db
def test_restricted_documents_reach_only_signed_in_accounts(client, collections, settings):
    document = collections["document"]
    CollectionViewRestriction.objects.create(
        collection=collections["private"], restriction_type=CollectionViewRestriction.LOGIN
    )
    # Whatever the storage: files go out only through Wagtail's view, which
    # checks the collection's view restrictions (a redirect to the storage would not).
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"
    url = document.url
    assert url == f"/documents/{document.pk}/{document.filename}"

    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/_util/login/?next={url}"

    client.force_login(coordinator())
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == document.file.open("rb").read()
