"""The owners' guide: the same text in the docs and in print, in each of the six
languages, quoting the admin's own labels in that language."""

import io
import json
import re

import pypdf
import pytest

from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from wagtail.users.models import UserProfile

from outreach import owner_guide, printing

from ..directory.factories import BusinessPageFactory, make_directory, shopkeeper

pytestmark = pytest.mark.django_db

SIX = ["de", "en", "tr", "ar", "bg", "ro"]


def pdf_text(pdf):
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return len(reader.pages), [" ".join(page.extract_text().split()) for page in reader.pages]


def test_written_in_every_language_of_the_site_with_the_same_tasks():
    assert owner_guide.languages() == SIX
    german = json.loads((owner_guide.DATA_DIR / "de.json").read_text())
    for language in SIX:
        guide = json.loads((owner_guide.DATA_DIR / f"{language}.json").read_text())
        assert [t["id"] for t in guide["tasks"]] == [t["id"] for t in german["tasks"]]
        for task, source in zip(guide["tasks"], german["tasks"], strict=True):
            assert len(task["steps"]) == len(source["steps"]), (language, task["id"])
            labels = re.findall(r"\{ui:[^}]+\}", " ".join(task["steps"]))
            assert labels == re.findall(r"\{ui:[^}]+\}", " ".join(source["steps"]))


@pytest.mark.parametrize("language", ["en", "tr", "ar", "bg", "ro"])
def test_quotes_the_admin_labels_in_its_own_language(language):
    guide = owner_guide.load(language)
    text = " ".join(step for task in guide["tasks"] for step in task["steps"])
    assert "{ui:" not in text
    with translation.override(language):
        hours = translation.gettext("Wann haben Sie geöffnet?")
        closure = translation.gettext("Vorübergehend geschlossen?")
    assert hours != "Wann haben Sie geöffnet?" and hours in text
    assert closure != "Vorübergehend geschlossen?" and closure in text
    # No German admin word is left in another language's guide.
    assert "Wann haben Sie" not in text and "geschlossen" not in text


def test_an_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match="not written in 'xx'"):
        owner_guide.load("xx")


@pytest.mark.parametrize("language", SIX)
def test_printed_one_task_a_page_in_each_language(language):
    pages, texts = pdf_text(printing.render_owner_guide(language))
    guide = owner_guide.load(language)
    assert pages == 1 + len(guide["tasks"])
    for number, task in enumerate(guide["tasks"], start=1):
        # pypdf reads Arabic in visual order; compare words, not the sentence.
        assert set(task["title"].split()) <= set(texts[number].replace(".", " ").split()), (
            language,
            task["id"],
        )


def test_print_materials_writes_the_guide(tmp_path):
    output = tmp_path / "anleitung.pdf"
    call_command(
        "print_materials",
        "owner-guide",
        "--language",
        "tr",
        "-o",
        str(output),
        stdout=io.StringIO(),
    )
    pages, texts = pdf_text(output.read_bytes())
    assert pages == 11
    assert "Giriş yapmak" in texts[1]


def test_owner_downloads_it_in_her_admin_language_from_her_start_page(client, home_page):
    business = BusinessPageFactory(parent=make_directory(home_page), title="Kuaför Yıldız")
    owner = shopkeeper(business)
    profile = UserProfile.get_for_user(owner)
    profile.preferred_language = "tr"
    profile.save()
    client.force_login(owner)

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("outreach_owner_guide") in dashboard

    response = client.get(reverse("outreach_owner_guide"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="anleitung-tr.pdf"'
    _pages, texts = pdf_text(response.content)
    assert owner_guide.load("tr")["title"] in texts[0]

    arabic = client.get(reverse("outreach_owner_guide_language", args=["ar"]))
    assert arabic["Content-Disposition"] == 'attachment; filename="anleitung-ar.pdf"'
    assert client.get(reverse("outreach_owner_guide_language", args=["xx"])).status_code == 404


def test_only_signed_in_admin_users_get_it(client):
    response = client.get(reverse("outreach_owner_guide"))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
