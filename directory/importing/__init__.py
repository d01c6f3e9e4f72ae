"""CSV import of business profiles, used by the management command and the
coordination team's admin view alike (the export: directory.exporting).

Import is all-or-nothing unless `skip_invalid` is set; every invalid row is
reported with its spreadsheet row number. Re-importing updates instead of
duplicating (by external_id, else by name + address), and a row that changes
nothing saves nothing. Descriptions are plain text and are escaped into
paragraphs: HTML from a CSV file is never trusted.

Category names the site does not know are matched to its categories
(`categories`): nothing is imported until the team has confirmed or corrected
each proposal (`mapping`); a confirmed name is kept on its category for the
next import. New categories are created only when the mapping asks for them
("neu"), or with `create_categories` for names that resemble no category.

A profile with a change waiting for moderation (or an unpublished draft) is
not updated unless `overwrite_pending` is set: the row is skipped and reported
as a note. Export prefixes cells a spreadsheet would run as a formula with a
single quote; import strips that quote again."""

import csv
import logging

from django.db import transaction
from django.utils.translation import gettext as _

from quartier.slugs import ascii_slug

from ..geocoding import geocode_business
from ..models import BusinessPage, Category, DirectoryIndexPage
from .categories import NEW, Proposal, new_category, remember
from .report import ImportResult, PlannedRow, RowError, RowNote
from .rows import (
    COLUMNS,
    REQUIRED,
    Lookups,
    changed_columns,
    description_to_html,
    html_to_description,
    is_xlsx,
    read_records,
    read_xlsx_records,
    validate_row,
)

__all__ = ["COLUMNS", "NEW", "html_to_description", "import_businesses"]

logger = logging.getLogger(__name__)


def _decode(data):
    if isinstance(data, bytes):
        return data.decode("utf-8-sig")
    return data.removeprefix("\ufeff")


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


def _apply(planned, parent, user, category):
    values = planned.values
    page = planned.existing.specific if planned.existing else BusinessPage()
    page.title = values["name"]
    page.category = category
    page.district = values["district"]
    for column in ("street", "house_number", "postcode", "phone", "email", "website"):
        setattr(page, column, values[column])
    page.city = values["city"] or values["district"].city
    page.external_id = values["external_id"] or page.external_id
    page.opening_hours = values["opening_hours"]
    page.wheelchair = values["wheelchair"]
    if "description" in planned.changes:
        # Unchanged text keeps the editor's formatting.
        page.description = description_to_html(values["description"])
    page.languages = values["languages"]
    page.tags.set(values["tags"], clear=True) if page.pk else page.tags.add(*values["tags"])
    if values["latitude"] is not None:
        if (page.latitude, page.longitude) != (values["latitude"], values["longitude"]):
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


class _CategoryResolver:
    """The category each name of the file stands for: known, mapped by the
    team, to be created, or waiting for the team (a proposal)."""

    def __init__(self, matcher, mapping, create_categories, result):
        self.matcher = matcher
        self.mapping = {name.strip().casefold(): target for name, target in mapping.items()}
        self.create_categories = create_categories
        self.result = result
        self.resolved = {}  # case-folded name → Category, NEW or None (unmapped)
        self.proposals = {}
        self.mapped = {}  # name as in the file → Category or NEW, to remember

    def __call__(self, name):
        key = name.casefold()
        if key not in self.resolved:
            self.resolved[key] = self._resolve(name)
        resolved = self.resolved[key]
        if resolved is NEW:
            return Category(name=name)  # a placeholder until the import is applied
        return resolved

    def _resolve(self, name):
        # The team's explicit choice wins, also over a name remembered before.
        target = self.mapping.get(name.casefold())
        if target is not None:
            if target == NEW or isinstance(target, Category):
                self.mapped[name] = target
                return target
            category = self.matcher.by_name(target)
            if category is None:
                self.result.errors.append(
                    RowError(
                        1,
                        _("Zuordnung „%(name)s = %(target)s“: Diese Kategorie gibt es nicht.")
                        % {"name": name, "target": target},
                    )
                )
                return None
            self.mapped[name] = category
            return category
        category = self.matcher.find(name)
        if category is not None:
            return category
        proposal, reason = self.matcher.propose(name)
        if proposal is None and self.create_categories:
            self.mapped[name] = NEW
            return NEW
        self.proposals[name.casefold()] = Proposal(name, category=proposal, reason=reason)
        return None

    def waiting(self, name, line):
        """Notes a row whose category name waits for the team's mapping."""
        if name.casefold() in self.proposals:
            self.proposals[name.casefold()].lines.append(line)

    @property
    def new_names(self):
        return [name for name, target in self.mapped.items() if target is NEW]


def import_businesses(
    data,
    *,
    dry_run=False,
    mapping=None,
    category_translations=None,
    create_categories=False,
    skip_invalid=False,
    overwrite_pending=False,
    user=None,
):
    """Imports a UTF-8 CSV (bytes or text). See the module docstring.

    `mapping` maps a category name of the file to a category's name or slug,
    to a Category, or to NEW; `category_translations` gives new categories
    their names per language ({"Tierbedarf": {"tr": "Evcil hayvan", …}}).

    With `overwrite_pending`, a pending draft is published over; it stays in the
    page's revision history and publishing cancels its moderation workflow."""
    result = ImportResult(dry_run=dry_run, skip_invalid=skip_invalid)
    try:
        header, records = read_xlsx_records(data) if is_xlsx(data) else read_records(_decode(data))
    except ValueError as error:  # also UnicodeDecodeError
        if isinstance(error, UnicodeDecodeError):
            result.errors.append(RowError(1, _("Die Datei ist nicht in UTF-8 gespeichert.")))
        else:
            result.errors.append(RowError(1, _("Die Datei ist keine lesbare Excel-Datei.")))
        return result
    except csv.Error as error:
        result.errors.append(RowError(1, _("Die Datei ist keine lesbare CSV-Datei: %s") % error))
        return result
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
    parent = DirectoryIndexPage.objects.order_by("path").first()
    if parent is None:
        result.errors.append(RowError(1, _("Es gibt noch kein Branchenverzeichnis.")))
        return result

    lookups = Lookups()
    categories = _CategoryResolver(lookups.categories, mapping or {}, create_categories, result)
    planned_rows = []
    seen = set()
    for line, raw in records:
        if raw is None:
            result.errors.append(RowError(line, _("Zu viele Werte in dieser Zeile.")))
            continue
        values, messages = validate_row(raw, lookups, categories)
        if values["category"] is None and values["category_name"]:
            categories.waiting(values["category_name"], line)
        if messages:
            result.errors.extend(RowError(line, message) for message in messages)
            continue
        if values["category"] is None:
            continue
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
        existing = _find_existing(values)
        pending = _pending_change(existing) if existing else ""
        changes = changed_columns(values, existing) if existing else list(COLUMNS)
        planned_rows.append(PlannedRow(line, values, existing, pending, overwrite_pending, changes))
    result.rows = planned_rows
    result.proposals = list(categories.proposals.values())
    result.mapped = dict(categories.mapped)
    result.new_categories = categories.new_names
    invalid_lines = len({error.line for error in result.errors})

    if dry_run or result.proposals or (result.errors and not skip_invalid):
        _report_rows(result, invalid_lines)
        return result
    with transaction.atomic():
        for language in lookups.new_languages:
            language.save()
        created = {}
        for name in result.new_categories:
            category = new_category(name)
            category.name_translations = {
                code: text.strip()
                for code, text in (category_translations or {}).get(name, {}).items()
                if text.strip()
            }
            category.save()
            created[name.casefold()] = category
        for name, target in result.mapped.items():
            if target is not NEW:
                remember(target, name)
        for planned in planned_rows:
            if planned.existing:
                # Checked again under a row lock: a shopkeeper may have submitted meanwhile.
                planned.existing = BusinessPage.objects.select_for_update().get(
                    pk=planned.existing.pk
                )
                planned.pending = _pending_change(planned.existing)
                if planned.held_back:
                    continue
                if not planned.changes:
                    result.unchanged += 1
                    continue
            category = planned.values["category"]
            if category.pk is None:
                category = created[category.name.casefold()]
            _apply(planned, parent, user, category)
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
    if not result.applied:
        result.unchanged = sum(
            1 for row in result.rows if row.existing and not row.changes and not row.held_back
        )
