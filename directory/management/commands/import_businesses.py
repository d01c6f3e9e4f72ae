from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from directory.importing import NEW, import_businesses
from directory.importing.categories import parse_mapping


class Command(BaseCommand):
    help = (
        "Imports businesses from a CSV (UTF-8, ',' or ';') or XLSX file. Unknown category "
        "names are matched to existing categories and shown as proposals; confirm them "
        "with --map or --mapping (kept for the next import). All-or-nothing unless "
        "--skip-invalid; re-importing updates existing businesses (unchanged ones are not "
        "touched), except those with a change waiting for moderation (unless "
        "--overwrite-pending)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check only, save nothing")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="NAME=CATEGORY",
            help='map a category name of the file, e.g. --map "Handy & Elektronik=Handy '
            'und Elektronik"; "NAME=neu" creates a new category (repeatable)',
        )
        parser.add_argument(
            "--mapping",
            metavar="FILE",
            help="a file with one NAME=CATEGORY per line (as --write-mapping writes it)",
        )
        parser.add_argument(
            "--write-mapping",
            metavar="FILE",
            help="write the proposals for unknown category names to FILE, to check, "
            "correct and pass back with --mapping",
        )
        parser.add_argument(
            "--create-categories",
            action="store_true",
            help="create categories for unknown names that resemble no existing category",
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

    def handle(self, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Datei nicht gefunden: {file}")
        try:
            lines = []
            if options["mapping"]:
                lines += Path(options["mapping"]).read_text(encoding="utf-8-sig").splitlines()
            mapping = parse_mapping(lines + options["map"])
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        result = import_businesses(
            path.read_bytes(),
            dry_run=options["dry_run"],
            mapping=mapping,
            create_categories=options["create_categories"],
            skip_invalid=options["skip_invalid"],
            overwrite_pending=options["overwrite_pending"],
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
        if result.proposals:
            self._show_proposals(result, options["write_mapping"])
        for name, target in result.mapped.items():
            shown = "neu" if target is NEW else target.name
            self.stdout.write(f"Kategorie „{name}“ → {shown}")
        if result.new_categories:
            self.stdout.write(
                "Neue Kategorien: "
                + ", ".join(result.new_categories)
                + ". Bitte ihre Übersetzungen in der Verwaltung ergänzen "
                "(Snippets → Kategorien)."
            )
        if options["dry_run"]:
            for row in result.rows:
                self.stdout.write(f"Zeile {row.line}: {row.values['name']} – {row.action}")
        level, sentence = result.summary()
        if level in ("error", "warning"):
            raise CommandError(sentence)
        self.stdout.write(sentence)

    def _show_proposals(self, result, target_file):
        self.stdout.write("Noch nicht zugeordnete Kategorienamen (Vorschlag, Zeilen):")
        lines = []
        for proposal in result.proposals:
            target = proposal.category.name if proposal.category else "?"
            rows = ", ".join(str(line) for line in proposal.lines)
            self.stdout.write(f"  {proposal.name}={target}    # {proposal.reason or '-'}; {rows}")
            lines.append(f"{proposal.name}={target if proposal.category else 'neu'}")
        if target_file:
            Path(target_file).write_text(
                "# Kategorienamen der Datei = Kategorie der Website (oder: neu)\n"
                + "\n".join(lines)
                + "\n",
                encoding="utf-8",
            )
            self.stdout.write(
                f"Vorschläge in {target_file} geschrieben: prüfen, korrigieren und mit "
                f"--mapping {target_file} importieren."
            )
        else:
            self.stdout.write(
                'Bestätigen mit --map "NAME=KATEGORIE" (oder NAME=neu) oder mit '
                "--write-mapping DATEI, dann --mapping DATEI."
            )
