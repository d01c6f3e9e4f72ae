from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.exporting import export_csv, export_xlsx


class Command(BaseCommand):
    help = (
        "Exports all businesses in the import format: CSV for a German spreadsheet "
        "(UTF-8 with BOM, ';' as separator) or, with a FILE ending in .xlsx or --xlsx, "
        "an Excel workbook. To stdout without FILE. Cells starting like a spreadsheet "
        "formula (= + - @ tab CR) get a leading ' in the CSV; the import removes it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?")
        parser.add_argument("--xlsx", action="store_true", help="write an Excel workbook")

    def handle(self, file=None, xlsx=False, **options):
        xlsx = xlsx or (file or "").lower().endswith(".xlsx")
        if xlsx and not file:
            raise CommandError("Für XLSX bitte einen Dateinamen angeben.")
        data = export_xlsx() if xlsx else export_csv()
        if file:
            Path(file).write_bytes(data)
            self.stderr.write(f"Geschäfte nach {file} exportiert.")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
