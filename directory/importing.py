"""CSV import of business profiles, used by the management command and the
coordination team's admin view alike (the export: directory.exporting).

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
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from quartier.slugs import ascii_slug
from quartier.spreadsheets import unescape_formula

from .geocoding import geocode_business
from .import_report import ImportResult, PlannedRow, RowError, RowNote
from .models import (
    BusinessPage,
    Category,
    DirectoryIndexPage,
    District,
    Language,
    validate_business_title,
)

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
# Columns checked by the business page's own fields (length, format, choices,
# validators); the others are looked up or parsed below.
CHECKED_BY_MODEL = (
    "external_id",
    "street",
    "house_number",
    "postcode",
    "city",
    "phone",
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


def _validate_row(raw, lookups, create_categories):
    """Returns (values, [error messages])."""
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
    base = ascii_slug(name)[:200].strip("-") or "geschaeft"
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
                slug=ascii_slug(name)[:100].strip("-") or "kategorie", defaults={"name": name}
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
