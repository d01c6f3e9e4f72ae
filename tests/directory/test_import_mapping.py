"""The import as a city's team uses it: a file of their own with category
names the site does not know, mapped once and remembered; postcodes and phone
numbers checked as a city expects; export files a German spreadsheet opens."""

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from wagtail.models import Revision

from directory.exporting import export_csv, export_xlsx
from directory.importing import NEW, import_businesses
from directory.importing.categories import CategoryMatcher, normalised, parse_mapping
from directory.models import BusinessPage, Category, District

from .factories import coordinator, german, make_directory  # noqa: F401  (fixture)

pytestmark = pytest.mark.usefixtures("german")

DATA = Path(__file__).parent / "data"
FILE = DATA / "businesses_61_unknown_categories.csv"
MAPPING = DATA / "businesses_61_mapping.txt"
DEMO = Path(__file__).parents[2] / "directory" / "demo_data"
# The team's corrections where the matcher has no proposal, and what it asks to create.
CORRECTED = {
    "Hochzeitsmode": "Brautmode",
    "Handy-Shop": "Handy und Elektronik",
    "Kiosk": "Lebensmittel",
}
CREATED = {"Tierbedarf", "Blumen"}


@pytest.fixture
def city(home_page):
    """The site's real categories and districts (the demo's data files)."""
    make_directory(home_page)
    for order, data in enumerate(json.loads((DEMO / "categories.json").read_text())):
        Category.objects.create(
            slug=data["slug"],
            name=data["name"],
            name_translations=data["translations"],
            keywords=data["keywords"],
            sort_order=order,
        )
    for data in json.loads((DEMO / "districts.json").read_text()):
        District.objects.create(
            slug=data["slug"],
            name=data["name"],
            city=data["city"],
            postcodes=data["postcodes"],
            centre_latitude=Decimal(str(data["centre"][0])),
            centre_longitude=Decimal(str(data["centre"][1])),
        )


def near_duplicates():
    keys = {}
    for category in Category.objects.all():
        keys.setdefault(normalised(category.name), []).append(category.name)
    return [names for names in keys.values() if len(names) > 1]


def test_names_are_compared_without_case_umlauts_ampersand_and_plural():
    same = [
        "Handy & Elektronik",
        "handy und elektronik",
        "HANDY UND ELEKTRONIK",
        "Handys + Elektronik",
    ]
    assert len({normalised(name) for name in same}) == 1
    assert normalised("Bäckereien") == normalised("Baeckerei") == normalised("Bäckerei")
    assert normalised("Reisebüros") == normalised("Reisebuero")
    assert normalised("Imbiss") != normalised("Imbis s")


def test_mapping_lines():
    mapping = parse_mapping(
        ["# Kommentar", "Handy & Elektronik = Handy und Elektronik", "Tierbedarf=neu", ""]
    )
    assert mapping == {"Handy & Elektronik": "Handy und Elektronik", "Tierbedarf": NEW}
    with pytest.raises(ValueError, match="Zeile 1"):
        parse_mapping(["Handy & Elektronik"])


@pytest.mark.django_db
def test_every_unknown_name_gets_the_proposal_the_team_would_make(city):
    expected = parse_mapping(MAPPING.read_text(encoding="utf-8").splitlines())
    result = import_businesses(FILE.read_bytes())
    assert result.errors == [] and not result.applied
    assert BusinessPage.objects.count() == 0 and Category.objects.count() == 13
    proposals = {p.name: (p.category.name if p.category else None) for p in result.proposals}
    assert len(proposals) == 28
    for name, target in expected.items():
        if name in CORRECTED or name in CREATED:
            assert proposals[name] is None, name
        else:
            assert proposals[name] == target, name
    # 41 rows wait for these 28 names; each is listed with its spreadsheet rows.
    assert sum(len(p.lines) for p in result.proposals) == 41
    assert result.summary()[0] == "warning"


@pytest.mark.django_db
def test_the_61_row_file_imports_with_no_near_duplicate_and_is_remembered(city, tmp_path):
    out = io.StringIO()
    call_command("import_businesses", str(FILE), "--mapping", str(MAPPING), stdout=out)
    assert (
        "Import abgeschlossen: 61 neu, 0 geändert, 0 unverändert, 0 übersprungen." in out.getvalue()
    )
    assert BusinessPage.objects.count() == 61
    assert Category.objects.count() == 13 + len(CREATED)
    assert near_duplicates() == []
    assert set(Category.objects.filter(name__in=CREATED).values_list("name", flat=True)) == CREATED
    assert "Bitte ihre Übersetzungen" in out.getvalue()
    elektronik = Category.objects.get(slug="elektronik")
    assert {"Handy & Elektronik", "Handy-Shop", "Handyreparatur"} <= set(
        elektronik.import_names.splitlines()
    )
    page = BusinessPage.objects.get(external_id="dui-1002")
    assert (page.title, page.category.slug, page.street) == (
        "Бакалия „София“",
        "baeckerei",
        "Paul-Esch-Straße",
    )
    assert page.phone.startswith("+49 203 ")
    assert "Wir sprechen Türkisch" in page.description

    # The next import of the same file needs no mapping and changes nothing.
    revisions = Revision.objects.count()
    result = import_businesses(FILE.read_bytes())
    assert (result.proposals, result.errors) == ([], [])
    assert (result.created, result.updated, result.unchanged) == (0, 0, 61)
    assert Revision.objects.count() == revisions


@pytest.mark.django_db
def test_map_on_the_command_line_and_a_mapping_file_written_for_the_team(city, tmp_path):
    file = tmp_path / "zwei.csv"
    file.write_text(
        "name,category,district,street,house_number,postcode\n"
        "Telefon Çağrı,Handy & Elektronik,Marxloh,Weseler Straße,12,47169\n"
        "Pati Dünyası,Tierbedarf,Hochfeld,Wanheimer Straße,7,47053\n",
        encoding="utf-8",
    )
    proposals = tmp_path / "zuordnung.txt"
    with pytest.raises(CommandError, match="noch nicht zugeordnet"):
        call_command(
            "import_businesses", str(file), "--write-mapping", str(proposals), stdout=io.StringIO()
        )
    assert proposals.read_text(encoding="utf-8").splitlines()[1:] == [
        "Handy & Elektronik=Handy und Elektronik",
        "Tierbedarf=neu",
    ]
    out = io.StringIO()
    call_command(
        "import_businesses",
        str(file),
        "--map",
        "Handy & Elektronik=Handy und Elektronik",
        "--map",
        "Tierbedarf=neu",
        stdout=out,
    )
    assert "2 neu" in out.getvalue()
    assert BusinessPage.objects.get(title="Telefon Çağrı").category.slug == "elektronik"
    assert BusinessPage.objects.get(title="Pati Dünyası").category.name == "Tierbedarf"
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nichts importiert"):
        call_command(
            "import_businesses",
            str(file),
            "--map",
            "Handy & Elektronik=Gibtsnicht",
            stdout=out,
            stderr=err,
        )
    assert (
        "Zeile 1: Zuordnung „Handy & Elektronik = Gibtsnicht“: Diese Kategorie gibt es nicht."
        in err.getvalue()
    )


@pytest.mark.django_db
def test_postcodes_must_have_five_digits_and_belong_to_the_district(city):
    rows = (
        "name,category,district,street,house_number,postcode\n"
        "Kuaför Yıldız,Friseur,Hochfeld,Wanheimer Straße,1,4716\n"
        "Fırın Şahin,Bäckerei,Hochfeld,Wanheimer Straße,2,47169\n"
        "Croitorie Ștefan,Schneiderei,Marxloh,Weseler Straße,3,47169\n"
    )
    result = import_businesses(rows)
    assert [(error.line, error.message) for error in result.errors] == [
        (2, "Postleitzahl „4716“ hat nicht fünf Ziffern."),
        (3, "Postleitzahl 47169 gehört nicht zu Hochfeld (47053)."),
    ]
    assert not result.applied
    District.objects.filter(slug="hochfeld").update(postcodes="47053, 47169")
    assert import_businesses(rows, skip_invalid=True).created == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0203 1234567", "+49 203 1234567"),
        ("(0203) 99 88 77", "+49 203 998877"),
        ("0049 203 445566", "+49 203 445566"),
        ("0176/12345678", "+49 176 12345678"),
        ("+90 212 555 12 34", "+90 212 555 12 34"),
    ],
)
def test_phone_numbers_are_stored_in_international_format(city, typed, stored):
    row = (
        "name,category,district,street,postcode,phone\n"
        f'Salon Ümit,Friseur,Hochfeld,Heerstraße,47053,"{typed}"\n'
    )
    result = import_businesses(row)
    assert result.errors == []
    assert BusinessPage.objects.get().phone == stored


@pytest.mark.django_db
def test_a_phone_number_that_is_none_is_refused(city):
    row = (
        "name,category,district,street,postcode,phone\n"
        "Salon Ümit,Friseur,Hochfeld,Heerstraße,47053,12\n"
    )
    [error] = import_businesses(row).errors
    assert (error.line, error.message) == (
        2,
        "„12“ ist keine gültige Telefonnummer (Beispiel: 0203 123456).",
    )


@pytest.mark.django_db
def test_row_numbers_are_the_spreadsheets_with_multi_line_descriptions(city):
    text = (
        "name;category;district;street;postcode;description\n"
        'Kuaför Yıldız;Friseur;Hochfeld;Heerstraße;47053;"Zeile eins\nZeile zwei\n\nZeile vier"\n'
        'Fırın;Bäckerei;Hochfeld;Heerstraße;47053;"Frisch\nund warm"\n'
        "\n"
        "Ohne Straße;Friseur;Hochfeld;;47053;\n"
    )
    result = import_businesses(text, dry_run=True)
    # Row 4 is the empty line a spreadsheet shows too; the file's line is 8.
    assert [(error.line, error.message) for error in result.errors] == [
        (5, "Pflichtfeld „street“ ist leer.")
    ]


@pytest.mark.django_db
def test_exports_open_in_german_excel_and_import_unchanged(city):
    import_businesses(FILE.read_bytes(), mapping=parse_mapping(MAPPING.read_text().splitlines()))
    csv_bytes = export_csv()
    assert csv_bytes.startswith("\ufeffexternal_id;name;category;".encode())
    assert "Kaiser-Wilhelm-Straße".encode() in csv_bytes

    workbook = load_workbook(io.BytesIO(export_xlsx()))
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]][:3] == ["external_id", "name", "category"]
    assert sheet.max_row == 62
    assert all(cell.data_type == "s" for cell in sheet[2] if cell.value is not None)

    revisions = Revision.objects.count()
    for data in (csv_bytes, export_xlsx()):
        result = import_businesses(data)
        assert (result.errors, result.proposals) == ([], [])
        assert (result.created, result.updated, result.unchanged) == (0, 0, 61)
    assert Revision.objects.count() == revisions
    assert export_csv() == csv_bytes


@pytest.mark.django_db
def test_admin_maps_the_unknown_names_in_a_table_and_imports(client, city):
    client.force_login(coordinator())
    form = client.get("/admin/verzeichnis/import/").text
    assert 'name="dry_run"' not in form  # no pre-ticked "check only"
    assert 'value="check"' in form and 'value="import"' in form

    upload = SimpleUploadedFile(FILE.name, FILE.read_bytes(), "text/csv")
    page = client.post("/admin/verzeichnis/import/", {"file": upload, "action": "import"})
    assert page.status_code == 200
    assert "28 Kategorienamen sind noch nicht zugeordnet" in page.text
    assert page.text.count('name="map_name"') == 28
    assert BusinessPage.objects.count() == 0
    content = page.context["form"].carried_content

    # The team keeps the proposals, corrects three and asks for two new ones.
    categories = {category.name: str(category.pk) for category in Category.objects.all()}
    rows = page.context["mapping_rows"]
    data = {"content": content, "action": "check", "map_name": [], "map_target": []}
    for row in rows:
        target = row["selected"]
        if row["name"] in CORRECTED:
            target = categories[CORRECTED[row["name"]]]
        elif row["name"] in CREATED:
            target = NEW
            data[f"translation_{row['index']}_tr"] = (
                "Çiçekçi" if row["name"] == "Blumen" else "Pet shop"
            )
        data["map_name"].append(row["name"])
        data["map_target"].append(target)
    check = client.post("/admin/verzeichnis/import/", data)
    assert (
        "Probelauf, nichts gespeichert. Ein Import würde 61 neu anlegen, 0 ändern, "
        "0 unverändert lassen und 0 überspringen." in check.text
    )
    assert BusinessPage.objects.count() == 0 and Category.objects.count() == 13

    data["action"] = "import"
    done = client.post("/admin/verzeichnis/import/", data)
    assert "Import abgeschlossen: 61 neu, 0 geändert, 0 unverändert, 0 übersprungen." in done.text
    assert near_duplicates() == []
    assert Category.objects.get(name="Blumen").name_translations == {"tr": "Çiçekçi"}


@pytest.mark.django_db
def test_admin_dry_run_that_skips_bad_rows_says_what_it_would_do(client, city):
    client.force_login(coordinator())
    text = (
        "name,category,district,street,postcode\n"
        "Kuaför Yıldız,Friseur,Hochfeld,Heerstraße,47053\n"
        "Kaputt,Friseur,Hochfeld,Heerstraße,4716\n"
    )
    upload = SimpleUploadedFile("f.csv", text.encode(), "text/csv")
    page = client.post(
        "/admin/verzeichnis/import/", {"file": upload, "action": "check", "skip_invalid": "on"}
    )
    assert "Nichts importiert. Bitte korrigieren Sie die Fehler." not in page.text
    assert (
        "Probelauf, nichts gespeichert. Ein Import würde 1 neu anlegen, 0 ändern, "
        "0 unverändert lassen und 1 überspringen." in page.text
    )
    upload = SimpleUploadedFile("f.csv", text.encode(), "text/csv")
    page = client.post("/admin/verzeichnis/import/", {"file": upload, "action": "check"})
    assert "So würde nichts importiert: 1 Zeile hat Fehler." in page.text


def test_matcher_never_proposes_a_name_two_categories_share():
    one = Category(pk=1, slug="a", name="Laden", keywords="Markt")
    two = Category(pk=2, slug="b", name="Büdchen", keywords="Markt")
    assert CategoryMatcher([one, two]).propose("Märkte") == (None, "")


def test_names_in_cyrillic_and_arabic_match_the_categorys_translations():
    hairdresser = Category(
        pk=1, slug="friseur", name="Friseur", name_translations={"bg": "Фризьор", "ar": "حلاق"}
    )
    matcher = CategoryMatcher([hairdresser])
    assert matcher.propose("ФРИЗЬОР")[0] == hairdresser
    assert matcher.propose("حلاق")[0] == hairdresser
    assert matcher.propose("Бакалия")[0] is None
