"""What a CSV import reports: errors and notes by line,
the rows it plans to create or update, and the counts."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..models import BusinessPage


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
    changes: list = field(default_factory=list)  # the columns the row changes

    @property
    def held_back(self):
        return bool(self.pending) and not self.overwrite

    @property
    def action(self):
        if self.held_back:
            return _("überspringen (Änderung wartet auf Freigabe)")
        if self.pending:
            return _("aktualisieren (wartende Änderung wird überschrieben)")
        if not self.existing:
            return _("neu anlegen")
        if not self.changes:
            return _("unverändert")
        return _("ändern: %(columns)s") % {"columns": ", ".join(self.changes)}

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
    skip_invalid: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    held_back: int = 0
    applied: bool = False
    errors: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    new_categories: list = field(default_factory=list)
    proposals: list = field(default_factory=list)  # category names waiting for the team
    mapped: dict = field(default_factory=dict)  # category name → Category or NEW

    @property
    def to_create(self):
        return sum(1 for row in self.rows if not row.existing)

    @property
    def to_update(self):
        return sum(1 for row in self.rows if row.existing and row.changes and not row.held_back)

    @property
    def ok(self):
        return not self.errors

    @property
    def invalid_rows(self):
        return len({error.line for error in self.errors})

    def summary(self):
        """(level, sentence): what this run did, or what a real run would do,
        in the same words for the admin view and the command."""
        if self.proposals:
            return "warning", ngettext(
                "Nichts gespeichert: %(count)d Kategoriename ist noch nicht zugeordnet. "
                "Bitte bestätigen oder korrigieren Sie den Vorschlag.",
                "Nichts gespeichert: %(count)d Kategorienamen sind noch nicht zugeordnet. "
                "Bitte bestätigen oder korrigieren Sie die Vorschläge.",
                len(self.proposals),
            ) % {"count": len(self.proposals)}
        counts = {
            "created": self.created if self.applied else self.to_create,
            "updated": self.updated if self.applied else self.to_update,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
        }
        if self.applied:
            return "success", _(
                "Import abgeschlossen: %(created)d neu, %(updated)d geändert, "
                "%(unchanged)d unverändert, %(skipped)d übersprungen."
            ) % counts
        if self.errors and not self.skip_invalid and self.dry_run:
            return "error", ngettext(
                "Probelauf, nichts gespeichert. So würde nichts importiert: %(count)d Zeile "
                "hat Fehler. Korrigieren Sie sie oder lassen Sie fehlerhafte Zeilen überspringen.",
                "Probelauf, nichts gespeichert. So würde nichts importiert: %(count)d Zeilen "
                "haben Fehler. Korrigieren Sie sie oder lassen Sie fehlerhafte Zeilen "
                "überspringen.",
                self.invalid_rows,
            ) % {"count": self.invalid_rows}
        if self.errors and not self.skip_invalid:
            return "error", ngettext(
                "Nichts importiert: %(count)d Zeile hat Fehler. Korrigieren Sie sie oder "
                "lassen Sie fehlerhafte Zeilen überspringen.",
                "Nichts importiert: %(count)d Zeilen haben Fehler. Korrigieren Sie sie oder "
                "lassen Sie fehlerhafte Zeilen überspringen.",
                self.invalid_rows,
            ) % {"count": self.invalid_rows}
        return "info", _(
            "Probelauf, nichts gespeichert. Ein Import würde %(created)d neu anlegen, "
            "%(updated)d ändern, %(unchanged)d unverändert lassen und %(skipped)d überspringen."
        ) % counts
