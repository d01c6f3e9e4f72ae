"""The interface in the visitor's language on profiles and listings:
categories, districts, tags, holiday names, language names and filter chips,
translated where the team translated them and marked German where not."""

import datetime

import pytest
import time_machine

from django.utils import translation

from taggit.models import Tag

from directory.hours import holiday_name
from directory.models import TagTranslation
from directory.templatetags.directory_tags import opening_table
from quartier.clock import site_zone
from quartier.translation_sync import create_translation

from ..blog.factories import (
    CampaignPageFactory,
    EventIndexPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from .factories import (
    BusinessPageFactory,
    CategoryFactory,
    DistrictFactory,
    LanguageFactory,
    make_directory,
)

GERMAN = ' lang="de" dir="ltr"'


@pytest.fixture
def profile(home_page):
    directory = make_directory(home_page)
    business = BusinessPageFactory(
        parent=directory,
        title="Kuaför Yıldız",
        slug="kuafor-yildiz",
        category=CategoryFactory(
            slug="friseur", name="Friseur", name_translations={"tr": "Kuaför", "ar": "حلاق"}
        ),
        # No Arabic name yet: shown in German, marked so.
        district=DistrictFactory(slug="marxloh", name="Marxloh", name_translations={"tr": "Marx"}),
    )
    business.languages.set(
        [
            LanguageFactory(code="tr", native_name="Türkçe", german_name="Türkisch"),
            LanguageFactory(code="sr", native_name="Српски", german_name="Serbisch"),
        ]
    )
    business.tags.add("Bartpflege", "Hochsteckfrisur für Bräute")
    TagTranslation.objects.create(
        tag=Tag.objects.get(name="Bartpflege"),
        name_translations={"tr": "Sakal bakımı", "ar": "العناية باللحية"},
    )
    business.save_revision().publish()
    return business


@pytest.mark.django_db
def test_profile_names_in_turkish_and_arabic_and_marks_the_german_rest(client, profile):
    turkish = client.get("/tr/verzeichnis/kuafor-yildiz/").text
    assert "<span>Kuaför</span>" in turkish
    assert "<span>Marx</span>" in turkish
    assert "<li>Sakal bakımı</li>" in turkish
    assert f"<li><span{GERMAN}>Hochsteckfrisur für Bräute</span></li>" in turkish
    # Native names only, outside the German interface.
    assert '<span lang="tr">Türkçe</span></li>' in turkish
    assert '<span lang="sr">Српски</span></li>' in turkish
    assert "Türkisch" not in turkish and "Serbisch" not in turkish

    arabic = client.get("/ar/verzeichnis/kuafor-yildiz/").text
    assert "<span>حلاق</span>" in arabic
    assert f"<span><span{GERMAN}>Marxloh</span></span>" in arabic
    assert "<li>العناية باللحية</li>" in arabic
    assert f"<li><span{GERMAN}>Hochsteckfrisur für Bräute</span></li>" in arabic

    client.cookies.clear()  # else the language chosen last sends / to /ar/
    german = client.get("/verzeichnis/kuafor-yildiz/").text
    assert "<span>Friseur</span>" in german
    assert "<li>Hochsteckfrisur für Bräute</li>" in german
    assert '<span lang="sr">Српски</span> (Serbisch)' in german
    assert GERMAN not in german.split("<main")[1].split("</main>")[0]


@pytest.mark.django_db
def test_listing_filters_name_options_and_mark_untranslated_ones(client, profile):
    arabic = client.get("/ar/verzeichnis/", {"district": "marxloh"}).text
    assert f'<option value="marxloh" selected{GERMAN}>Marxloh</option>' in arabic
    assert '<option value="friseur">حلاق</option>' in arabic
    chips = arabic.split('class="filter-chips"')[1].split("</ul>")[0]
    assert ">Marxloh <span" in chips


@pytest.mark.django_db
def test_the_campaign_chip_names_the_campaign_in_the_visitors_language(client, home_page, profile):
    events = EventIndexPageFactory(parent=home_page)
    campaign = CampaignPageFactory(
        parent=events, title="Herbstwochen in Hochfeld", slug="herbstmarkt-hochfeld"
    )
    campaign.participating_businesses.add(profile)
    campaign.save_revision().publish()
    create_translation(campaign, "tr", title="Hochfeld'de sonbahar haftaları")
    for prefix, label in (
        ("/tr", "Hochfeld&#x27;de sonbahar haftaları"),
        ("/ar", "Herbstwochen in Hochfeld"),
        ("", "Herbstwochen in Hochfeld"),
    ):
        client.cookies.clear()
        html = client.get(f"{prefix}/verzeichnis/", {"campaign": "herbstmarkt-hochfeld"}).text
        chips = html.split('class="filter-chips"')[1].split("</ul>")[0]
        assert f'<a class="badge" href="?">{label} <span' in chips, prefix
        assert "herbstmarkt-hochfeld" not in chips


@pytest.mark.django_db
def test_the_news_tag_filter_names_the_tag_not_its_slug(client, home_page):
    news = NewsIndexPageFactory(parent=home_page)
    item = NewsPageFactory(parent=news, title="Çay und Kaffee", date=datetime.date(2026, 11, 2))
    item.tags.add("Geschäfte öffnen")
    item.save_revision().publish()
    tag = Tag.objects.get(name="Geschäfte öffnen")
    TagTranslation.objects.create(tag=tag, name_translations={"tr": "Dükkânlar açılıyor"})
    turkish = client.get("/tr/neuigkeiten/", {"tag": tag.slug}).text
    notice = next(part for part in turkish.split("<p") if " – <a href=" in part)
    assert "Dükkânlar açılıyor" in notice
    assert tag.slug not in notice
    arabic = client.get("/ar/neuigkeiten/", {"tag": tag.slug}).text
    assert f"<span{GERMAN}>Geschäfte öffnen</span>" in arabic


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("de", "Fronleichnam"),
        ("en", "Corpus Christi"),
        ("tr", "Kutsal Beden Bayramı"),
        ("ar", "عيد جسد المسيح"),
        ("bg", "Празник на Тялото Христово"),
        ("ro", "Sărbătoarea Trupului și Sângelui Domnului"),
    ],
)
def test_holidays_have_their_name_in_every_language(language, name):
    corpus_christi = datetime.date(2027, 5, 27)
    with translation.override(language):
        assert holiday_name(corpus_christi) == name
        assert holiday_name(datetime.date(2027, 5, 26)) == ""
        noon = datetime.datetime(2027, 5, 27, 12, tzinfo=site_zone())
        with time_machine.travel(noon, tick=False):
            rows = opening_table("Mo-Su 09:00-18:00; PH off")
    assert rows[0]["holiday"] == name
    assert rows[1]["holiday"] == ""
