"""The programme's figures as files for a German spreadsheet: CSV with ";"
as separator, UTF-8 with a byte order mark (so Excel reads umlauts), and
XLSX; months and the creation time in the site's zone."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.clock import local_now
from quartier.spreadsheets import escape_formula

from .figures import COLUMNS, totals

SUM_LABEL = _("Summe")  # as under the table on the screen


def _cells(row):
    cells = []
    for key, _label in COLUMNS:
        value = row[key]
        if key == "district":
            value = value.name
        elif key == "month":
            value = str(value)
        cells.append(value)
    return cells


def report_csv(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(label) for _key, label in COLUMNS])
    for row in rows:
        writer.writerow(
            [escape_formula(cell) if isinstance(cell, str) else cell for cell in _cells(row)]
        )
    writer.writerow([str(SUM_LABEL), "", *totals(rows)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def report_xlsx(rows, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Bericht"
    sheet.append([str(title)])
    sheet.append([local_now(timezone.now()).strftime("%d.%m.%Y %H:%M")])
    sheet.append([str(label) for _key, label in COLUMNS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(_cells(row))
    sheet.append([str(SUM_LABEL), "", *totals(rows)])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(first, last, extension):
    return f"programmbericht-{first}-bis-{last}.{extension}"
