"""CSV import and export of business profiles, used by the management commands
and the coordination team's admin views alike.

Import is all-or-nothing unless `skip_invalid` is set; every invalid row is
reported with its line number. Re-importing updates instead of duplicating
(by external_id, else by name + address). Descriptions are plain text and are
escaped into paragraphs: HTML from a CSV file is never trusted.

A profile with a change waiting for moderation (or an unpublished draft) is
not updated unless `overwrite_pending` is set: the row is skipped and reported
as a note. Export prefixes cells a spreadsheet would run as a formula with a
single quote; import strips that quote again."""

import csv
import html
import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .geocoding import geocode_business
from .models import (
    BUSINESS_TITLE_MAX_LENGTH,
    BusinessPage,
    Category,
    DirectoryIndexPage,
    District,
    Language,
)
from .opening_hours import validate_opening_hours

logger = logging.getLogger(__name__)

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
WHEELCHAIR_VALUES = {"", "yes", "limited", "no"}
# Cells a spreadsheet would run as a formula (OWASP "CSV injection"), also
# behind quotes, so that a value that itself starts with "'" survives a round trip.
FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
MAX_LENGTHS = {
    "external_id": 100,
    "name": BUSINESS_TITLE_MAX_LENGTH,
    "street": 120,
    "house_number": 20,
    "postcode": 10,
    "city": 100,
    "phone": 40,
    "opening_hours": 500,
}


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self):
        return _("Zeile %(line)d: %(message)s") % {"line": self.line, "message": self.message}


class RowNote(RowError):
    """Not an error: the row is valid, but the importer reports what it did with it."""


@dataclass
class PlannedRow:
    line: int
    values: dict
    existing: BusinessPage | None = None
    pending: str = ""  # why the existing profile has a change waiting, if it has one
    overwrite: bool = False

    @property
    def held_back(self):
        return bool(self.pending) and not self.overwrite

    @property
    def action(self):
        if self.held_back:
            return _("überspringen (Änderung wartet auf Freigabe)")
        if self.pending:
            return _("aktualisieren (wartende Änderung wird überschrieben)")
        return _("aktualisieren") if self.existing else _("neu anlegen")

    @property
    def note(self):
        if self.held_back:
            return _("„%(name)s“ nicht aktualisiert: %(reason)s") % {
                "name": self.values["name"],
                "reason": self.pending,
            }
        if self.pending:
            return _(
                "„%(name)s“ trotz wartender Änderung aktualisiert; "
                "der Entwurf bleibt im Versionsverlauf."
            ) % {"name": self.values["name"]}
        return ""


@dataclass
class ImportResult:
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    skipped: int = 0
    held_back: int = 0
    applied: bool = False
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    new_categories: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


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


def escape_formula(value):
    """A leading ' keeps a spreadsheet from running the cell as a formula."""
    # Phone numbers ("+49 …") and "- …" lists too: one rule, and the import restores them.
    return "'" + value if FORMULA_START.match(value) else value


def unescape_formula(value):
    """Undoes `escape_formula`, so an export imports unchanged."""
    return value[1:] if value.startswith("'") and FORMULA_START.match(value, 1) else value


def _split_list(value):
    return [item.strip() for item in value.split(";") if item.strip()]


def _decode(data):
    if isinstance(data, bytes):
        return data.decode("utf-8-sig")
    return data.removeprefix("\ufeff")


class _Lookups:
    """Categories, districts and languages loaded once, matched by name or slug."""

    def __init__(self):
        self.categories = {}
        for category in Category.objects.all():
            self.categories[category.slug.lower()] = category
            self.categories[category.name.lower()] = category
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


def _validate_row(raw, lookups, create_categories):
    """Returns (values, [error messages])."""
    errors = []
    row = {column: unescape_formula((raw.get(column) or "").strip()).strip() for column in COLUMNS}
    for column in REQUIRED:
        if not row[column]:
            errors.append(_("Pflichtfeld „%(column)s“ ist leer.") % {"column": column})
    for column, limit in MAX_LENGTHS.items():
        if len(row[column]) > limit:
            errors.append(
                _("„%(column)s“ ist zu lang (höchstens %(limit)d Zeichen).")
                % {"column": column, "limit": limit}
            )
    if len(row["name"].splitlines()) > 1:
        errors.append(_("Der Name muss in eine Zeile passen (ohne Zeilenumbruch)."))
    values = dict(row)

    category = lookups.categories.get(row["category"].lower()) if row["category"] else None
    if row["category"] and category is None and not create_categories:
        errors.append(_("Unbekannte Kategorie „%(value)s“.") % {"value": row["category"]})
    values["category"] = category
    district = lookups.districts.get(row["district"].lower()) if row["district"] else None
    if row["district"] and district is None:
        errors.append(_("Unbekannter Stadtteil „%(value)s“.") % {"value": row["district"]})
    values["district"] = district

    values["latitude"] = _coordinate(row["latitude"], -90, 90, _("Breitengrad"), errors)
    values["longitude"] = _coordinate(row["longitude"], -180, 180, _("Längengrad"), errors)
    if (values["latitude"] is None) != (values["longitude"] is None) and not errors:
        errors.append(_("Breiten- und Längengrad nur zusammen angeben."))

    if row["email"]:
        try:
            validate_email(row["email"])
        except ValidationError:
            errors.append(_("Ungültige E-Mail-Adresse „%(value)s“.") % {"value": row["email"]})
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

    if row["opening_hours"]:
        try:
            validate_opening_hours(row["opening_hours"])
        except ValidationError:
            errors.append(
                _("Öffnungszeiten nicht verständlich: „%(value)s“.")
                % {"value": row["opening_hours"]}
            )
    if row["wheelchair"].lower() not in WHEELCHAIR_VALUES:
        errors.append(
            _("„wheelchair“ muss yes, limited oder no sein, nicht „%(value)s“.")
            % {"value": row["wheelchair"]}
        )
    values["wheelchair"] = row["wheelchair"].lower()
    return values, errors


def _find_existing(values):
    if values["external_id"]:
        match = BusinessPage.objects.filter(external_id=values["external_id"]).first()
        if match is not None:
            return match
    return (
        BusinessPage.objects.filter(
            title__iexact=values["name"],
            street__iexact=values["street"],
            house_number__iexact=values["house_number"],
            postcode=values["postcode"],
        )
        .order_by("pk")
        .first()
    )


def _pending_change(page):
    """Why publishing an import over `page` would bypass a shopkeeper's change, or ""."""
    if page.workflow_in_progress:
        return _("Eine Änderung wartet auf Freigabe durch das Koordinationsteam.")
    if page.has_unpublished_changes:
        return _("Es gibt einen noch nicht veröffentlichten Entwurf.")
    return ""


def _unique_slug(parent, name):
    base = slugify(name)[:200] or "geschaeft"
    slug, number = base, 1
    siblings = set(BusinessPage.objects.child_of(parent).values_list("slug", flat=True))
    while slug in siblings:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _geocode(page):
    """Geocodes a page without coordinates; an import never fails because
    geocoding does."""
    try:
        geocode_business(page)
    except Exception:  # noqa: BLE001 - any geocoder failure just leaves the page off the map
        logger.warning("Geocoding failed for %s during import", page.title, exc_info=True)


def _apply(planned, parent, user, categories):
    values = planned.values
    page = planned.existing.specific if planned.existing else BusinessPage()
    category = values["category"] or categories[values["__category_name"].lower()]
    page.title = values["name"]
    page.category = category
    page.district = values["district"]
    for column in ("street", "house_number", "postcode", "phone", "email", "website"):
        setattr(page, column, values[column])
    page.city = values["city"] or values["district"].city
    page.external_id = values["external_id"] or page.external_id
    page.opening_hours = values["opening_hours"]
    page.wheelchair = values["wheelchair"]
    page.description = description_to_html(values["description"])
    page.languages = values["languages"]
    page.tags.set(values["tags"], clear=True) if page.pk else page.tags.add(*values["tags"])
    if values["latitude"] is not None:
        page.latitude, page.longitude = values["latitude"], values["longitude"]
        page.location_source = BusinessPage.LocationSource.IMPORTED
        page.geocode_status = BusinessPage.GeocodeStatus.OK
        page.geocoded_address = page.address_line
    elif not page.is_on_map or page.geocoded_address != page.address_line:
        page.latitude = page.longitude = None
        page.geocode_status = BusinessPage.GeocodeStatus.PENDING
        _geocode(page)
    if page.pk is None:
        page.slug = _unique_slug(parent, page.title)
        parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True).publish(user=user)
    return page


def import_businesses(
    data,
    *,
    dry_run=False,
    create_categories=False,
    skip_invalid=False,
    overwrite_pending=False,
    user=None,
):
    """Imports a UTF-8 CSV (bytes or text). See the module docstring.

    With `overwrite_pending`, a pending draft is published over; it stays in the
    page's revision history and publishing cancels its moderation workflow."""
    result = ImportResult(dry_run=dry_run)
    try:
        text = _decode(data)
    except UnicodeDecodeError:
        result.errors.append(RowError(1, _("Die Datei ist nicht in UTF-8 gespeichert.")))
        return result
    reader = csv.DictReader(text.splitlines(keepends=True))
    header = [column.strip() for column in (reader.fieldnames or [])]
    missing = [column for column in REQUIRED if column not in header]
    unknown = [column for column in header if column not in COLUMNS]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("Es fehlen die Spalten: %s.") % ", ".join(missing))
        if unknown:
            parts.append(_("Unbekannte Spalten: %s.") % ", ".join(unknown))
        result.errors.append(RowError(1, " ".join(parts)))
        return result
    reader.fieldnames = header
    parent = DirectoryIndexPage.objects.order_by("path").first()
    if parent is None:
        result.errors.append(RowError(1, _("Es gibt noch kein Branchenverzeichnis.")))
        return result

    lookups = _Lookups()
    planned_rows = []
    seen = set()
    for raw in reader:
        line = reader.line_num
        if None in raw:
            result.errors.append(RowError(line, _("Zu viele Werte in dieser Zeile.")))
            continue
        if not any((value or "").strip() for value in raw.values()):
            continue
        values, messages = _validate_row(raw, lookups, create_categories)
        if messages:
            result.errors.extend(RowError(line, message) for message in messages)
            continue
        values["__category_name"] = raw.get("category", "").strip()
        key = values["external_id"] or (
            values["name"].lower(),
            values["street"].lower(),
            values["house_number"].lower(),
            values["postcode"],
        )
        if key in seen:
            result.errors.append(RowError(line, _("Dieses Geschäft steht mehrfach in der Datei.")))
            continue
        seen.add(key)
        if values["category"] is None:
            name = values["__category_name"]
            if name.lower() not in {c.lower() for c in result.new_categories}:
                result.new_categories.append(name)
        existing = _find_existing(values)
        pending = _pending_change(existing) if existing else ""
        planned_rows.append(PlannedRow(line, values, existing, pending, overwrite_pending))
    result.rows = planned_rows
    invalid_lines = len({error.line for error in result.errors})

    if dry_run or (result.errors and not skip_invalid):
        _report_rows(result, invalid_lines)
        return result
    with transaction.atomic():
        for language in lookups.new_languages:
            language.save()
        categories = {}
        for name in result.new_categories:
            category, _created = Category.objects.get_or_create(
                slug=slugify(name)[:100] or "kategorie", defaults={"name": name}
            )
            categories[name.lower()] = category
        for planned in planned_rows:
            if planned.existing:
                # Checked again under a row lock: a shopkeeper may have submitted meanwhile.
                planned.existing = BusinessPage.objects.select_for_update().get(
                    pk=planned.existing.pk
                )
                planned.pending = _pending_change(planned.existing)
                if planned.held_back:
                    continue
            _apply(planned, parent, user, categories)
            if planned.existing:
                result.updated += 1
            else:
                result.created += 1
    result.applied = True
    _report_rows(result, invalid_lines)
    return result


def _report_rows(result, invalid_lines):
    result.notes = [RowNote(row.line, row.note) for row in result.rows if row.note]
    result.held_back = sum(1 for row in result.rows if row.held_back)
    result.skipped = invalid_lines + result.held_back


def export_rows(queryset=None):
    queryset = queryset if queryset is not None else BusinessPage.objects.all()
    queryset = (
        queryset.select_related("category", "district")
        .prefetch_related("languages", "tags")
        .order_by("title", "pk")
    )
    for page in queryset:
        yield {
            "external_id": page.external_id,
            "name": page.title,
            "category": page.category.slug if page.category else "",
            "district": page.district.slug if page.district else "",
            "street": page.street,
            "house_number": page.house_number,
            "postcode": page.postcode,
            "city": page.city,
            "latitude": "" if page.latitude is None else str(page.latitude),
            "longitude": "" if page.longitude is None else str(page.longitude),
            "phone": page.phone,
            "email": page.email,
            "website": page.website,
            "description": html_to_description(page.description),
            "languages": ";".join(language.code for language in page.languages.all()),
            "opening_hours": page.opening_hours,
            "tags": ";".join(sorted(tag.name for tag in page.tags.all())),
            "wheelchair": page.wheelchair,
        }


def export_businesses(out, queryset=None):
    """Writes all businesses (or `queryset`) as CSV in the import format."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in export_rows(queryset):
        writer.writerow({column: escape_formula(value) for column, value in row.items()})
        count += 1
    return count
