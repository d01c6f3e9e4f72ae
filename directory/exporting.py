"""Export of business profiles in the import format (directory.importing),
used by the management command and the coordination team's admin view: CSV
for a German spreadsheet (UTF-8 with a byte order mark, ";" as separator, as
the programme report) and XLSX. Both import again unchanged."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font

from quartier.spreadsheets import escape_formula

from .importing import COLUMNS, html_to_description
from .models import BusinessPage


def export_rows(queryset=None):
    queryset = queryset if queryset is not None else BusinessPage.objects.all()
    queryset = (
        queryset.select_related("category", "district")
        .prefetch_related("languages", "tags")
        .order_by("title", "pk")
    )
    for page in queryset:
        yield {
            "external_id": page.external_id,
            "name": page.title,
            "category": page.category.slug if page.category else "",
            "district": page.district.slug if page.district else "",
            "street": page.street,
            "house_number": page.house_number,
            "postcode": page.postcode,
            "city": page.city,
            "latitude": "" if page.latitude is None else str(page.latitude),
            "longitude": "" if page.longitude is None else str(page.longitude),
            "phone": page.phone,
            "email": page.email,
            "website": page.website,
            "description": html_to_description(page.description),
            "languages": ";".join(language.code for language in page.languages.all()),
            "opening_hours": page.opening_hours,
            "tags": ";".join(sorted(tag.name for tag in page.tags.all())),
            "wheelchair": page.wheelchair,
        }


def export_businesses(out, queryset=None):
    """Writes all businesses (or `queryset`) as CSV in the import format to the
    text stream `out`; returns how many."""
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    count = 0
    for row in export_rows(queryset):
        writer.writerow({column: escape_formula(value) for column, value in row.items()})
        count += 1
    return count


def export_csv(queryset=None):
    buffer = io.StringIO()
    export_businesses(buffer, queryset)
    return buffer.getvalue().encode("utf-8")


def export_xlsx(queryset=None):
    """The same table as an Excel workbook: one sheet, the header in row 1."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Geschäfte"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in export_rows(queryset):
        sheet.append([row[column] for column in COLUMNS])
        for cell in sheet[sheet.max_row]:
            # Text stays text: openpyxl would store "=…" as a formula.
            cell.data_type = "s"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
