"""The slug policy (quartier/slugs.py): readable ASCII for new slugs, in code,
the import, and the admin's automatic slug."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from django.contrib.auth import get_user_model
from django.test import Client

from directory.importing import COLUMNS, import_businesses
from directory.models import BusinessPage
from quartier.admin_forms import AsciiSlugInput
from quartier.models import StandardPage
from quartier.slugs import ascii_slug

from ..blog.factories import EventIndexPageFactory, WorkshopPageFactory
from ..directory.factories import CategoryFactory, DistrictFactory, make_directory


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("WhatsApp Business für Einsteiger", "whatsapp-business-fuer-einsteiger"),
        ("Fırın Anadolu", "firin-anadolu"),
        ("Kuaför Yıldız", "kuafoer-yildiz"),
        ("İstanbul Kebap", "istanbul-kebap"),
        ("Şişçi Ağa Çorba", "sisci-aga-corba"),
        ("Straße ÄÖÜ", "strasse-aeoeue"),
        ("Țară și Ștefan, ăâî", "tara-si-stefan-aai"),
        ("Български магазин", "blgarski-magazin"),
        ("حلاق الحي", "hlq-lhy"),
        ("Döner Öz 🍕🎉", "doener-oez"),
        # Decomposed umlauts (u + combining diaeresis), as some keyboards send them.
        ("Gemu\u0308se", "gemuese"),
    ],
)
def test_titles_become_readable_ascii_slugs(title, slug):
    assert ascii_slug(title) == slug


def test_a_title_of_only_symbols_gets_the_fallback():
    assert ascii_slug("🍕🎉 ✨", fallback="workshop") == "workshop"


@given(st.text(max_size=300))
def test_any_text_gives_an_ascii_slug_that_wagtail_accepts(text):
    slug = ascii_slug(text, fallback="seite")
    assert slug
    assert slug.isascii()
    assert len(slug) <= 255
    assert all(char.isalnum() or char in "-_" for char in slug)
    assert not slug.startswith("-") and not slug.endswith("-")


@pytest.mark.django_db
def test_a_page_made_in_code_without_slug_gets_the_policys_slug(home_page):
    events = EventIndexPageFactory(parent=home_page)
    first = WorkshopPageFactory(parent=events, title="Kuaför Yıldız öffnet", slug="")
    second = WorkshopPageFactory(parent=events, title="Kuaför Yıldız öffnet", slug="")
    emoji = WorkshopPageFactory(parent=events, title="🎉🎉", slug="")
    assert first.slug == "kuafoer-yildiz-oeffnet"
    assert second.slug == "kuafoer-yildiz-oeffnet-2"
    assert emoji.slug == "workshop"


@pytest.mark.django_db
def test_an_existing_unicode_slug_is_kept(home_page):
    page = home_page.add_child(instance=StandardPage(title="Über uns", slug="über-uns"))
    page.title = "Über uns und mehr"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.slug == "über-uns"


@pytest.mark.django_db
def test_the_import_makes_ascii_slugs(home_page):
    make_directory(home_page)
    CategoryFactory(slug="baeckerei", name="Bäckerei")
    DistrictFactory(slug="marxloh", name="Marxloh")
    rows = [
        ",Fırın Anadolu,Bäckerei,Marxloh,Weseler Straße,78,47169,,,,,,,,,,,",
        ",Kuaför Yıldız,Bäckerei,Marxloh,Weseler Straße,80,47169,,,,,,,,,,,",
    ]
    text = "\n".join([",".join(COLUMNS), *rows]) + "\n"
    result = import_businesses(text.encode())
    assert result.errors == []
    assert BusinessPage.objects.get(title="Fırın Anadolu").slug == "firin-anadolu"
    assert BusinessPage.objects.get(title="Kuaför Yıldız").slug == "kuafoer-yildiz"


def test_the_admin_slug_widget_transliterates_without_unicode():
    html = AsciiSlugInput().render("slug", "")
    assert 'data-controller="w-slug"' in html
    assert "data-w-slug-allow-unicode-value" not in html  # false: Wagtail's transliteration
    assert "data-w-slug-formatters-value" in html
    # JSON of [[regex, flags], replacement]: "ä" → "ae" and so on.
    for letter, spelled in (("00e4", "ae"), ("00f6", "oe"), ("00fc", "ue"), ("00df", "ss")):
        assert f"[[&quot;\\u{letter}&quot;,&quot;gu&quot;],&quot;{spelled}&quot;]" in html


@pytest.mark.django_db
def test_the_page_editor_uses_the_ascii_slug_widget(home_page):
    user = get_user_model().objects.create_superuser("admin", "admin@quartier.example", "pw")
    client = Client()
    client.force_login(user)
    events = EventIndexPageFactory(parent=home_page)
    response = client.get(f"/admin/pages/add/blog/workshoppage/{events.pk}/")
    assert response.status_code == 200
    slug_input = response.text[response.text.index('name="slug"') - 600 :]
    slug_input = slug_input[: slug_input.index(">", 600) + 1]
    assert "data-w-slug-formatters-value" in slug_input
    assert "data-w-slug-allow-unicode-value" not in slug_input
