"""A shopkeeper's photo is saved with its file alone: the title comes from the
file name, the alternative text is asked for with an example but not required."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from quartier.image_forms import title_from_file_name
from quartier.models import CustomImage

from . import test_security
from .test_security import png_bytes

# The upload fixtures of the security tests: a user who may add images to one collection.
uploader = test_security.uploader
uploader_client = test_security.uploader_client

pytestmark = pytest.mark.django_db


def test_title_from_file_name():
    assert title_from_file_name("schaufenster_weihnachten-2026.JPG") == (
        "schaufenster weihnachten 2026"
    )
    assert title_from_file_name("Dükkân önü.png") == "Dükkân önü"
    assert title_from_file_name("") == "Foto"


def test_a_photo_saves_with_its_file_alone(uploader_client):
    form = uploader_client.get("/admin/images/add/").text
    assert "Zum Beispiel: „Schaufenster mit Brautkleidern“" in form
    response = uploader_client.post(
        "/admin/images/add/",
        {
            "title": "",
            "alt_text": "",
            "collection": uploader_client.collection.pk,
            "file": SimpleUploadedFile("kuaför_vitrin.png", png_bytes(), "image/png"),
        },
    )
    assert response.status_code == 302, response.content[:1000]
    image = CustomImage.objects.get()
    assert (image.title, image.alt_text) == ("kuaför vitrin", "")


def test_a_title_she_types_is_kept(uploader_client):
    uploader_client.post(
        "/admin/images/add/",
        {
            "title": "Unser Laden",
            "alt_text": "Schaufenster mit Brautkleidern",
            "collection": uploader_client.collection.pk,
            "file": SimpleUploadedFile("img_0042.png", png_bytes(), "image/png"),
        },
    )
    assert CustomImage.objects.get().title == "Unser Laden"
