from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.importing import import_businesses


class Command(BaseCommand):
    help = (
        "Imports businesses from a UTF-8 CSV file. All-or-nothing unless --skip-invalid; "
        "re-importing updates existing businesses."
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

    def handle(self, file, dry_run, create_categories, skip_invalid, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Datei nicht gefunden: {file}")
        result = import_businesses(
            path.read_bytes(),
            dry_run=dry_run,
            create_categories=create_categories,
            skip_invalid=skip_invalid,
        )
        for error in result.errors:
            self.stderr.write(str(error))
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
