from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.importing import import_businesses


class Command(BaseCommand):
    help = (
        "Imports businesses from a UTF-8 CSV file. All-or-nothing unless --skip-invalid; "
        "re-importing updates existing businesses, except those with a change waiting "
        "for moderation (unless --overwrite-pending)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only, save nothing")
        parser.add_argument(
            "--create-categories", action="store_true", help="create unknown categories"
        )
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows, skip bad ones"
        )
        parser.add_argument(
            "--overwrite-pending",
            action="store_true",
            help="also update businesses with a change waiting for moderation "
            "(the pending draft stays in the revision history)",
        )

    def handle(self, file, dry_run, create_categories, skip_invalid, overwrite_pending, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Datei nicht gefunden: {file}")
        result = import_businesses(
            path.read_bytes(),
            dry_run=dry_run,
            create_categories=create_categories,
            skip_invalid=skip_invalid,
            overwrite_pending=overwrite_pending,
        )
        for error in result.errors:
            self.stderr.write(str(error))
        for note in result.notes:
            self.stderr.write(str(note), style_func=self.style.WARNING)
        if result.held_back:
            self.stderr.write(
                _(
                    "Wegen wartender Änderungen nicht aktualisiert: %(count)d. Mit "
                    "--overwrite-pending werden sie überschrieben (der Entwurf bleibt im "
                    "Versionsverlauf)."
                )
                % {"count": result.held_back},
                style_func=self.style.WARNING,
            )
        if result.new_categories:
            self.stdout.write("Neue Kategorien: " + ", ".join(result.new_categories))
        if dry_run:
            for row in result.rows:
                self.stdout.write(f"Zeile {row.line}: {row.values['name']} – {row.action}")
            self.stdout.write(
                f"Probelauf: {len(result.rows)} gültige Zeilen, {len(result.errors)} Fehler. "
                "Nichts gespeichert."
            )
            if result.errors:
                raise CommandError("Die Datei enthält Fehler.")
            return
        if not result.applied:
            raise CommandError(
                f"Nichts importiert: {len(result.errors)} Fehler "
                "(mit --skip-invalid werden nur die gültigen Zeilen importiert)."
            )
        self.stdout.write(
            f"Import abgeschlossen: {result.created} neu, {result.updated} aktualisiert, "
            f"{result.skipped} Zeilen übersprungen."
        )
