"""One row of an import file: reading the file into numbered records, checking
each value (as a city expects: postcodes of the site's districts, phone numbers
in international format) and comparing a row with the profile it updates."""

import csv
import html
import io
import re
import zipfile
from decimal import Decimal, InvalidOperation

import phonenumbers
from openpyxl import load_workbook

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from quartier.spreadsheets import unescape_formula

from ..models import BusinessPage, District, Language, validate_business_title
from .categories import CategoryMatcher

COLUMNS = [
    "external_id",
    "name",
    "category",
    "district",
    "street",
    "house_number",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "description",
    "languages",
    "opening_hours",
    "tags",
    "wheelchair",
]
REQUIRED = ["name", "category", "district", "street", "postcode"]
# Columns checked by the business page's own fields (length, format, choices,
# validators); the others are looked up or parsed below.
CHECKED_BY_MODEL = (
    "external_id",
    "street",
    "house_number",
    "city",
    "email",
    "opening_hours",
    "wheelchair",
)


def description_to_html(text):
    """Plain text → <p> paragraphs, everything escaped."""
    paragraphs = [part.strip() for part in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return "".join(
        "<p>" + "<br/>".join(html.escape(line) for line in part.split("\n")) + "</p>"
        for part in paragraphs
        if part
    )


def html_to_description(value):
    """Rich text → plain text paragraphs separated by blank lines."""
    text = re.sub(r"<br\s*/?>", "\n", value or "")
    text = re.sub(r"</p>|</li>|</h\d>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    return "\n\n".join(part.strip() for part in re.split(r"\n\s*\n", text) if part.strip())


def read_records(text):
    """(header, [(row number, {column: value})]) of a CSV separated by "," or
    ";". The row number is the spreadsheet's: the header is row 1 and a quoted
    value over several lines is still one row. Raises csv.Error."""
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    header = [column.strip() for column in next(reader, [])]
    records = []
    for number, record in enumerate(reader, start=2):
        if not any(value.strip() for value in record):
            continue
        if len(record) > len(header):
            records.append((number, None))
            continue
        records.append(
            (number, dict(zip(header, record + [""] * (len(header) - len(record)), strict=True)))
        )
    return header, records


def is_xlsx(data):
    return isinstance(data, bytes) and data.startswith(b"PK\x03\x04")


def read_xlsx_records(data):
    """The same as `read_records` for the first sheet of an Excel workbook (the
    export's XLSX). Raises ValueError for a file that is not one."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise ValueError(str(error)) from error
    rows = workbook.worksheets[0].iter_rows(values_only=True)

    def text(value):
        return "" if value is None else str(value)

    header = [text(value).strip() for value in next(rows, ())]
    while header and not header[-1]:
        header.pop()
    records = []
    for number, row in enumerate(rows, start=2):
        cells = [text(value) for value in row]
        if not any(cell.strip() for cell in cells):
            continue
        if any(cell.strip() for cell in cells[len(header) :]):
            records.append((number, None))
            continue
        cells = cells[: len(header)]
        records.append(
            (number, dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True)))
        )
    workbook.close()
    return header, records


def _split_list(value):
    return [item.strip() for item in value.split(";") if item.strip()]


class Lookups:
    """Categories, districts and languages loaded once per import."""

    def __init__(self):
        self.categories = CategoryMatcher()
        self.districts = {}
        for district in District.objects.all():
            self.districts[district.slug.lower()] = district
            self.districts[district.name.lower()] = district
        self.languages = {language.code.lower(): language for language in Language.objects.all()}
        self.new_languages = []

    def language(self, code):
        """The language with this ISO 639-1 code; one not yet in the database is
        named from Babel's data and created when the import is applied."""
        key = code.strip().lower()
        if key not in self.languages:
            language = Language.from_iso_code(key)
            if language is None:
                return None
            self.languages[key] = language
            self.new_languages.append(language)
        return self.languages[key]


def international_phone(value):
    """A phone number as people read it internationally ("0203 1234" →
    "+49 203 1234", the site's country for numbers without one). Raises
    ValidationError for what is not a phone number."""
    try:
        number = phonenumbers.parse(value, settings.PHONE_REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("„%(value)s“ ist keine gültige Telefonnummer (Beispiel: 0203 123456).")
            % {"value": value}
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def postcode_errors(postcode, district):
    """Five digits (POSTCODE_PATTERN), and one of the district's postcodes
    when the team listed them."""
    if not re.fullmatch(settings.POSTCODE_PATTERN, postcode):
        return [_("Postleitzahl „%(value)s“ hat nicht fünf Ziffern.") % {"value": postcode}]
    allowed = [code.strip() for code in (district.postcodes if district else "").split(",")]
    allowed = [code for code in allowed if code]
    if allowed and postcode not in allowed:
        return [
            _("Postleitzahl %(value)s gehört nicht zu %(district)s (%(allowed)s).")
            % {"value": postcode, "district": district.name, "allowed": ", ".join(allowed)}
        ]
    return []


def _coordinate(value, low, high, label, errors):
    if not value:
        return None
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        errors.append(
            _("%(label)s ist keine Zahl: „%(value)s“.") % {"label": label, "value": value}
        )
        return None
    if not number.is_finite() or not low <= number <= high:
        errors.append(_("%(label)s liegt außerhalb des gültigen Bereichs.") % {"label": label})
        return None
    return number.quantize(Decimal("0.000001"))


def _model_errors(row):
    """What the business page's fields say about the row's values (empty
    required columns are reported once, above)."""
    given = {column: row[column] for column in CHECKED_BY_MODEL if row[column]}
    page = BusinessPage(**given)
    excluded = [field.name for field in BusinessPage._meta.fields if field.name not in given]
    try:
        page.clean_fields(exclude=excluded)
    except ValidationError as error:
        return [
            _("„%(column)s“: %(message)s") % {"column": column, "message": message}
            for column, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def validate_row(raw, lookups, category_for):
    """Returns (values, [error messages]). `category_for(name)` is the category
    a name of the file stands for, or None while it is not yet mapped (then the
    row waits for the mapping and is not an error)."""
    errors = []
    row = {column: unescape_formula((raw.get(column) or "").strip()).strip() for column in COLUMNS}
    row["wheelchair"] = row["wheelchair"].lower()
    for column in REQUIRED:
        if not row[column]:
            errors.append(_("Pflichtfeld „%(column)s“ ist leer.") % {"column": column})
    errors += _model_errors(row)
    try:
        validate_business_title(row["name"])
    except ValidationError as error:
        errors += error.messages
    values = dict(row)
    values["category_name"] = row["category"]
    values["category"] = category_for(row["category"]) if row["category"] else None

    district = lookups.districts.get(row["district"].lower()) if row["district"] else None
    if row["district"] and district is None:
        errors.append(_("Unbekannter Stadtteil „%(value)s“.") % {"value": row["district"]})
    values["district"] = district
    if row["postcode"]:
        errors += postcode_errors(row["postcode"], district)
    if row["phone"]:
        try:
            values["phone"] = international_phone(row["phone"])
        except ValidationError as error:
            errors += error.messages

    values["latitude"] = _coordinate(row["latitude"], -90, 90, _("Breitengrad"), errors)
    values["longitude"] = _coordinate(row["longitude"], -180, 180, _("Längengrad"), errors)
    if (values["latitude"] is None) != (values["longitude"] is None) and not errors:
        errors.append(_("Breiten- und Längengrad nur zusammen angeben."))

    if row["website"]:
        website = row["website"]
        if "://" not in website:
            website = "https://" + website
        try:
            URLValidator(schemes=["http", "https"])(website)
            values["website"] = website
        except ValidationError:
            errors.append(_("Ungültige Website „%(value)s“.") % {"value": row["website"]})

    languages = []
    for code in _split_list(row["languages"]):
        language = lookups.language(code)
        if language is None:
            errors.append(_("Unbekannte Sprache „%(value)s“.") % {"value": code})
        else:
            languages.append(language)
    values["languages"] = languages
    values["tags"] = _split_list(row["tags"])
    values["description"] = html_to_description(description_to_html(row["description"]))
    return values, errors


def _stored(page):
    """The values of `page` that an import row sets, comparable with `_wanted`."""
    return {
        "name": page.title,
        "category": page.category_id,
        "district": page.district_id,
        "street": page.street,
        "house_number": page.house_number,
        "postcode": page.postcode,
        "city": page.city,
        "phone": page.phone,
        "email": page.email,
        "website": page.website,
        "external_id": page.external_id,
        "opening_hours": page.opening_hours,
        "wheelchair": page.wheelchair,
        "description": html_to_description(page.description),
        "languages": sorted(language.code for language in page.languages.all()),
        "tags": sorted(page.tags.names()),
        "latitude": page.latitude,
        "longitude": page.longitude,
    }


def _wanted(values, page):
    wanted = {
        column: values[column]
        for column in (
            "name",
            "street",
            "house_number",
            "postcode",
            "phone",
            "email",
            "website",
            "opening_hours",
            "wheelchair",
            "description",
        )
    }
    wanted["category"] = values["category"].pk if values["category"] else None
    wanted["district"] = values["district"].pk
    wanted["city"] = values["city"] or values["district"].city
    wanted["external_id"] = values["external_id"] or page.external_id
    wanted["languages"] = sorted(language.code for language in values["languages"])
    wanted["tags"] = sorted(values["tags"])
    # Without coordinates in the file, the profile keeps (or geocodes) its own.
    wanted["latitude"] = page.latitude if values["latitude"] is None else values["latitude"]
    wanted["longitude"] = page.longitude if values["longitude"] is None else values["longitude"]
    return wanted


def changed_columns(values, page):
    """The columns whose value the row changes on the existing `page`."""
    stored, wanted = _stored(page), _wanted(values, page)
    return [column for column in wanted if wanted[column] != stored[column]]
