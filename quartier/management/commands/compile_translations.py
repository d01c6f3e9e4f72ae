"""Compiles locale/*/LC_MESSAGES/django.po to .mo with polib, so that a fresh
machine needs no GNU gettext tools. With --check, a fuzzy or missing
translation is an error (CI runs it that way)."""

from pathlib import Path

import polib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Compile the gettext catalogues; --check fails on fuzzy or untranslated entries."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Fail on fuzzy or untranslated entries."
        )

    def handle(self, *args, **options):
        problems = []
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                fuzzy = [e for e in catalogue if e.fuzzy and not e.obsolete]
                missing = catalogue.untranslated_entries()
                if options["check"]:
                    for entry in fuzzy:
                        problems.append(f"{po_path}:{entry.linenum}: fuzzy: {entry.msgid[:60]!r}")
                    for entry in missing:
                        problems.append(
                            f"{po_path}:{entry.linenum}: untranslated: {entry.msgid[:60]!r}"
                        )
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                compiled += 1
        if problems:
            raise CommandError("Incomplete translations:\n" + "\n".join(problems))
        self.stdout.write(f"{compiled} catalogue(s) compiled.")
