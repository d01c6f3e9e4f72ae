"""CSV export of business profiles in the import format (directory.importing),
used by the management command and the coordination team's admin view."""

import csv
import html
import re

from quartier.spreadsheets import escape_formula

from .importing import COLUMNS
from .models import BusinessPage


def html_to_description(value):
    """Rich text → plain text paragraphs separated by blank lines."""
    text = re.sub(r"<br\s*/?>", "\n", value or "")
    text = re.sub(r"</p>|</li>|</h\d>", "\n\n", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = html.unescape(text)
    return "\n\n".join(part.strip() for part in re.split(r"\n\s*\n", text) if part.strip())


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
    """Writes all businesses (or `queryset`) as CSV in the import format."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in export_rows(queryset):
        writer.writerow({column: escape_formula(value) for column, value in row.items()})
        count += 1
    return count
