from django.core.management.base import BaseCommand

from directory.exporting import export_businesses


class Command(BaseCommand):
    help = (
        "Exports all businesses as UTF-8 CSV in the import format (to stdout without FILE); "
        "cells starting like a spreadsheet formula (= + - @ tab CR) get a leading '."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?")

    def handle(self, file=None, **options):
        if file:
            with open(file, "w", encoding="utf-8", newline="") as out:
                count = export_businesses(out)
            self.stderr.write(f"{count} Geschäfte nach {file} exportiert.")
        else:
            export_businesses(self.stdout)
