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


EMPTY_CHOOSER = {
    # Wagtail's Turkish read "Şimdi bir tane yüklemiyorsanız neden bir tane yüklemiyorsunuz?"
    # and its Bulgarian was missing (English).
    "tr": ("Henüz hiç resminiz yok.", "Şimdi bir resim yükleyin", "Başlık"),
    "ar": ("ليس لديك أي صور بعد.", "ارفع صورة الآن", "العنوان"),
    "bg": ("Все още нямате изображения.", "Качете изображение сега", "Заглавие"),
    "ro": ("Încă nu aveți nicio imagine.", "Încărcați o imagine acum", "Titlu"),
    "en": ("You have no images yet.", "Upload an image now", "Title"),
    "de": ("Sie haben noch keine Bilder.", "Jetzt ein Bild hochladen", "Titel"),
}


@pytest.fixture(scope="module")
def compiled_catalogues():
    import io

    from django.core.management import call_command
    from django.utils.translation import trans_real

    call_command("compile_translations", stdout=io.StringIO())
    trans_real._translations = {}
    trans_real._default = None


@pytest.mark.parametrize("language", sorted(EMPTY_CHOOSER))
def test_the_empty_image_chooser_speaks_her_language(
    compiled_catalogues, uploader_client, uploader, language
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(uploader)
    profile.preferred_language = language
    profile.save()
    empty, upload_link, title = EMPTY_CHOOSER[language]
    response = uploader_client.get("/admin/images/chooser/?multiple=1")
    assert response.status_code == 200
    html = response.json()["html"]
    assert f"{empty}\n" in html
    assert f">{upload_link}</a>" in html
    # With no image at all, the chooser opens on its upload tab.
    assert 'data-action="w-tabs#select:prevent w-init:ready->w-tabs#select"' in html
    # Wagtail's "title" in Turkish came from its documents catalogue: "başla" (start).
    assert '<label class="w-field__label" for="id_image-chooser-upload-title"' in html
    label = html.split('for="id_image-chooser-upload-title"', 1)[1].split("</label>", 1)[0]
    assert label.split(">", 1)[1].split("<", 1)[0].strip() == title
    assert "upload one now" not in html and "yüklemiyorsunuz" not in html
