"""The programme's report in the admin (coordination team only), with CSV
and XLSX export: ?von=YYYY-MM&bis=YYYY-MM&format=csv|xlsx."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from directory.owners import is_coordinator

from .export import export_filename, report_csv, report_xlsx
from .figures import COLUMNS, FIGURES, Month, default_range, programme_figures, totals

MAX_MONTHS = 60
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _range(params):
    first, last = default_range()
    errors = []
    try:
        if params.get("von"):
            first = Month.parse(params["von"])
        if params.get("bis"):
            last = Month.parse(params["bis"])
    except ValueError:
        errors.append(_("Bitte Monate wie 2026-01 angeben."))
        first, last = default_range()
    if last < first or (last.year - first.year) * 12 + last.month - first.month >= MAX_MONTHS:
        errors.append(
            _("Der Zeitraum muss vorwärts laufen und darf höchstens 60 Monate lang sein.")
        )
        first, last = default_range()
    return first, last, errors


def report_view(request):
    if not is_coordinator(request.user):
        raise PermissionDenied
    first, last, errors = _range(request.GET)
    rows = programme_figures(first, last)
    export = request.GET.get("format")
    title = _("Programmbericht %(first)s bis %(last)s") % {"first": first, "last": last}
    if export == "csv":
        response = HttpResponse(report_csv(rows), content_type="text/csv; charset=utf-8")
    elif export == "xlsx":
        response = HttpResponse(report_xlsx(rows, title), content_type=XLSX_TYPE)
    else:
        return render(
            request,
            "reports/report.html",
            {
                "title": title,
                "columns": COLUMNS,
                "rows": [
                    (row["month"], row["district"].name, [row[key] for key in FIGURES])
                    for row in rows
                ],
                "totals": totals(rows),
                "first": first,
                "last": last,
                "errors": errors,
            },
        )
    response["Content-Disposition"] = (
        f'attachment; filename="{export_filename(first, last, export)}"'
    )
    return response
