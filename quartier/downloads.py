"""Files that a view hands out for saving (CSV, calendar, PDF)."""

from django.http import HttpResponse


def file_download(content, content_type, filename):
    """A response that browsers save as `filename` instead of showing it."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
