"""Printed materials: each PDF is rendered, its text read back with pypdf and
its QR code decoded from the rendered page (pypdfium2 + zxing-cpp)."""

import io

import pypdf
import pypdfium2
import pytest
import zxingcpp

from django.core.management import call_command
from django.urls import reverse

from directory.models import Language
from outreach import printing

from ..blog.factories import CampaignPageFactory, EventIndexPageFactory
from ..directory.factories import (
    BusinessPageFactory,
    CategoryFactory,
    DistrictFactory,
    UserFactory,
    coordinator,
    make_directory,
    shopkeeper,
)

pytestmark = pytest.mark.django_db

# Paper sizes in PostScript points, rounded.
A6 = (298, 420)
A5 = (420, 595)
A4 = (595, 842)
A3 = (842, 1191)


def pages_of(pdf):
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return [
        (round(float(page.mediabox.width)), round(float(page.mediabox.height)))
        for page in reader.pages
    ], [" ".join(page.extract_text().split()) for page in reader.pages]


def qr_codes(pdf, page=0):
    image = pypdfium2.PdfDocument(pdf)[page].render(scale=3).to_pil()
    return [code.text for code in zxingcpp.read_barcodes(image)]


@pytest.fixture
def languages():
    rows = [
        ("de", "Deutsch", "Deutsch", 1),
        ("tr", "Türkçe", "Türkisch", 2),
        ("ar", "العربية", "Arabisch", 3),
        ("bg", "Български", "Bulgarisch", 4),
    ]
    return [
        Language.objects.update_or_create(
            code=code, defaults={"native_name": native, "german_name": german, "sort_order": order}
        )[0]
        for code, native, german, order in rows
    ]


@pytest.fixture
def shop(home_page, languages):
    directory = make_directory(home_page)
    business = BusinessPageFactory(parent=directory, title="Bäckerei Yıldız", phone="0203 123456")
    business.languages.set(languages)
    business.save_revision().publish()
    return business


def test_sticker_has_name_languages_platform_and_a_qr_code_to_the_profile(shop):
    pdf = printing.render_stickers([shop])

    sizes, texts = pages_of(pdf)
    assert sizes == [A6]
    assert "Bäckerei Yıldız" in texts[0]
    assert "Wir sprechen: Deutsch · Türkçe · العربية · Български" in texts[0]
    assert "Quartier" in texts[0]
    assert qr_codes(pdf) == [shop.get_full_url()]


def test_arabic_is_shaped_with_our_font_and_set_right_to_left(shop):
    pdf = printing.render_stickers([shop])

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = {
        str(font.get_object()["/BaseFont"])
        for font in reader.pages[0]["/Resources"]["/Font"].values()
    }
    assert any(name.endswith("+Quartier-Arabic") for name in fonts), fonts
    text_page = pypdfium2.PdfDocument(pdf)[0].get_textpage()
    text = text_page.get_text_range()
    start = text.index("العربية")
    first = text_page.get_charbox(start)  # "ا", the first letter read
    last = text_page.get_charbox(start + len("العربية") - 1)  # "ة", the last
    assert first[0] > last[0]  # right to left: the first letter stands rightmost


def test_a5_sticker_and_stickers_in_bulk_one_page_per_business(shop, home_page):
    district = shop.district
    other = BusinessPageFactory(
        parent=make_directory(home_page), title="Salon Lale", district=district
    )
    BusinessPageFactory(
        parent=make_directory(home_page), title="Woanders", district=DistrictFactory(slug="marxloh")
    )
    closed = BusinessPageFactory(
        parent=make_directory(home_page), title="Geschlossen", district=district, status="closed"
    )

    pdf = printing.render_stickers(printing.printable_businesses(district=district), size="A5")

    sizes, texts = pages_of(pdf)
    assert sizes == [A5, A5]
    assert ["Bäckerei Yıldız" in texts[0], "Salon Lale" in texts[1]] == [True, True]
    assert qr_codes(pdf, 1) == [other.get_full_url()]
    assert closed.title not in "".join(texts)


def test_poster_has_dates_participants_and_a_qr_code_to_the_campaign(shop, home_page):
    import datetime

    campaign = CampaignPageFactory(
        parent=EventIndexPageFactory(parent=home_page),
        title="Marxloh leuchtet",
        start_date=datetime.date(2026, 12, 1),
        end_date=datetime.date(2026, 12, 24),
    )
    campaign.participating_businesses.add(shop)
    campaign.save_revision().publish()

    pdf = printing.render_poster(campaign, size="A3")

    sizes, texts = pages_of(pdf)
    assert sizes == [A3]
    assert "Marxloh leuchtet" in texts[0]
    assert "1. Dezember 2026 – 24. Dezember 2026" in texts[0]
    assert "Bäckerei Yıldız" in texts[0]
    assert shop.address_line in texts[0]
    assert qr_codes(pdf) == [campaign.get_full_url()]


def test_guide_lists_a_districts_businesses_by_category_with_contact_and_hours(shop, home_page):
    directory = make_directory(home_page)
    food = CategoryFactory(name="Lebensmittel", slug="lebensmittel", sort_order=1)
    hair = CategoryFactory(name="Friseur", slug="friseur", sort_order=2)
    shop.category = food
    shop.save_revision().publish()
    BusinessPageFactory(
        parent=directory,
        title="Salon Lale",
        category=hair,
        district=shop.district,
        opening_hours="Tu-Sa 10:00-19:00",
    )

    pdf = printing.render_guide(shop.district)

    sizes, texts = pages_of(pdf)
    assert sizes == [A4]
    text = texts[0]
    assert text.index("Lebensmittel") < text.index("Bäckerei Yıldız") < text.index("Friseur")
    assert text.index("Friseur") < text.index("Salon Lale")
    assert "0203 123456" in text
    assert "Mo–Fr 09:00–18:00 Sa 10:00–14:00" in text  # one line each
    assert "Di–Sa 10:00–19:00" in text


def test_arabic_guide_is_right_to_left_and_translated(shop):
    from django.utils import translation

    pdf = printing.render_guide(shop.district, language="ar")

    _sizes, texts = pages_of(pdf)
    with translation.override("ar"):
        heading = translation.gettext("Geschäfte in %(district)s") % {"district": shop.district}
    assert heading.split()[0] in texts[0]
    assert "Bäckerei Yıldız" in texts[0]
    # Weekday names in Arabic; read right to left (pypdf gives the visual order).
    assert "18:00–09:00 جمعة–إثنين" in texts[0] and "14:00–10:00 سبت" in texts[0]


def test_printing_fetches_nothing_but_our_fonts():
    fetcher = printing.LocalFetcher()
    for url in ("http://127.0.0.1:9/x.png", "file:///etc/passwd", "https://example.org/f.ttf"):
        with pytest.raises(ValueError):
            fetcher(url)


def test_print_materials_command_writes_each_kind(shop, home_page, tmp_path):
    campaign = CampaignPageFactory(parent=EventIndexPageFactory(parent=home_page), slug="advent")
    campaign.participating_businesses.add(shop)
    campaign.save_revision().publish()
    slug = shop.district.slug

    call_command(
        "print_materials",
        "stickers",
        "--campaign",
        "advent",
        "-o",
        str(tmp_path / "s.pdf"),
        stdout=io.StringIO(),
    )
    call_command(
        "print_materials",
        "poster",
        "--campaign",
        "advent",
        "-o",
        str(tmp_path / "p.pdf"),
        stdout=io.StringIO(),
    )
    call_command(
        "print_materials",
        "guide",
        "--district",
        slug,
        "-o",
        str(tmp_path / "g.pdf"),
        stdout=io.StringIO(),
    )

    assert qr_codes((tmp_path / "s.pdf").read_bytes()) == [shop.get_full_url()]
    assert qr_codes((tmp_path / "p.pdf").read_bytes()) == [campaign.get_full_url()]
    assert "Bäckerei Yıldız" in pages_of((tmp_path / "g.pdf").read_bytes())[1][0]


def test_print_materials_command_refuses_missing_choices(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="A poster needs --campaign."):
        call_command("print_materials", "poster", "-o", str(tmp_path / "p.pdf"))
    with pytest.raises(CommandError, match="No district with the slug 'nirgendwo'."):
        call_command("print_materials", "guide", "--district", "nirgendwo", "-o", "x.pdf")
    assert list(tmp_path.iterdir()) == []


# --- Admin --------------------------------------------------------------------------


def test_owner_downloads_their_own_sticker_and_no_one_elses(client, shop, home_page):
    owner = shopkeeper(shop)
    other_shop = BusinessPageFactory(parent=make_directory(home_page), title="Fremd")
    client.force_login(owner)

    response = client.get(reverse("outreach_sticker", args=[shop.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="aufkleber-{shop.slug}.pdf"'
    assert qr_codes(response.content) == [shop.get_full_url()]

    denied = client.get(reverse("outreach_sticker", args=[other_shop.pk]))
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")  # Wagtail's "no access"
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert reverse("outreach_sticker", args=[shop.pk]) in dashboard.content.decode()


def test_only_the_coordination_team_prints_in_bulk(client, shop):
    url = reverse("outreach_materials")
    client.force_login(UserFactory())
    denied = client.get(url)
    assert (denied.status_code, denied["Location"]) == (302, "/admin/login/?next=/admin/aushaenge/")

    client.force_login(shopkeeper(shop))
    denied = client.get(url)
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")

    client.force_login(coordinator())
    assert client.get(url).status_code == 200
    response = client.get(url, {"kind": "guide", "district": shop.district.pk, "language": "de"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Bäckerei Yıldız" in pages_of(response.content)[1][0]
    response = client.get(url, {"kind": "poster", "language": "de"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "campaign": ["Für ein Plakat bitte eine Aktion wählen."]
    }


def test_the_business_editor_offers_the_sticker_and_the_campaign_editor_the_poster(
    client, shop, home_page
):
    campaign = CampaignPageFactory(parent=EventIndexPageFactory(parent=home_page))
    client.force_login(shopkeeper(shop))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[shop.pk]))
    assert reverse("outreach_sticker", args=[shop.pk]) in edit.content.decode()

    client.force_login(coordinator())
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[campaign.pk]))
    poster = f"{reverse('outreach_materials')}?kind=poster&amp;campaign={campaign.pk}"
    assert poster in edit.content.decode()


@pytest.mark.clock
def test_printed_hours_are_the_usual_week_not_a_holiday_week(clock_at):
    import datetime
    from zoneinfo import ZoneInfo

    from django.utils import translation

    # Monday 6 April 2026 is Easter Monday ("PH off"); the usual Monday still prints.
    clock_at(datetime.datetime(2026, 4, 1, 12, tzinfo=ZoneInfo("Europe/Berlin")))
    with translation.override("de"):
        text = printing.hours_text("Mo-Fr 09:00-18:00; Sa 10:00-14:00; PH off")
        assert text == "Mo–Fr 09:00–18:00; Sa 10:00–14:00"
        assert printing.hours_text("Mo,We 08:00-12:00,14:00-18:00") == (
            "Mo 08:00–12:00, 14:00–18:00; Mi 08:00–12:00, 14:00–18:00"
        )
        assert printing.hours_text("nach Vereinbarung") == "nach Vereinbarung"
        assert printing.hours_text("") == ""
    with translation.override("tr"):
        assert printing.hours_text("Mo-Fr 09:00-18:00") == "Pzt–Cum 09:00–18:00"


def test_right_to_left_sticker_and_poster_stay_on_the_page(shop, home_page):
    campaign = CampaignPageFactory(parent=EventIndexPageFactory(parent=home_page))
    campaign.participating_businesses.add(shop)
    campaign.save_revision().publish()

    for pdf in (
        printing.render_stickers([shop], language="ar"),
        printing.render_poster(campaign, language="ar"),
    ):
        page = pypdfium2.PdfDocument(pdf)[0]
        width = page.get_width()
        text_page = page.get_textpage()
        boxes = [text_page.get_charbox(index) for index in range(text_page.count_chars())]
        assert boxes
        assert min(box[0] for box in boxes) >= 0
        assert max(box[2] for box in boxes) <= width


def test_guide_and_stickers_in_another_language_take_the_same_queries_for_more_businesses(
    shop, home_page
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    directory = make_directory(home_page)

    def queries(count):
        for number in range(count):
            BusinessPageFactory(parent=directory, district=shop.district, title=f"Laden {number}")
        with CaptureQueriesContext(connection) as captured:
            printing.render_guide(shop.district, language="tr")
            businesses = printing.printable_businesses(district=shop.district)
            printing.render_stickers(businesses, language="tr")
        return len(captured)

    queries(1)  # warms the caches of sites and locales
    assert queries(1) == queries(8)
