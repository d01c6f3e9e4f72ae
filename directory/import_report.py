"""What a CSV import reports (directory.importing): errors and notes by line,
the rows it plans to create or update, and the counts."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import BusinessPage


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
