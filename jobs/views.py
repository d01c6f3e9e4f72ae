"""GET /api/jobs/: open positions as JSON. The board page and a position's
page are served by JobsIndexPage itself (jobs.models)."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from directory.models import BusinessJob
from quartier.i18n import default_content_language

from .filters import parse_job_filters
from .models import JobsIndexPage

API_PAGE_SIZE = 50


def business_url(business):
    """The business profile under the interface language's prefix, without a
    query (quartier.models.SourceTreeRoutingMixin)."""
    return business.url


def jobs_board():
    """The live jobs board of the source-language tree, or None."""
    return (
        JobsIndexPage.objects.live()
        .public()
        .filter(locale__language_code=default_content_language())
        .first()
    )


def job_as_dict(job, board_url):
    business = job.page
    return {
        "id": job.pk,
        "title": job.title,
        "type": job.kind,
        "type_name": str(job.get_kind_display()),
        "description": job.description,
        "district": business.district.slug if business.district_id else None,
        "district_name": business.district.name if business.district_id else None,
        "languages": [language.code for language in job.languages.all()],
        "german_level": job.german_level or "none",
        "hours_per_week": job.hours_per_week,
        "start_date": job.start_date.isoformat() if job.start_date else None,
        "valid_through": job.valid_until.isoformat() if job.valid_until else None,
        "wheelchair": job.wheelchair or None,
        "posted_at": job.posted_at.isoformat(timespec="seconds"),
        "url": f"{board_url}{job.pk}/" if board_url else None,
        "business": {
            "name": business.title,
            "url": business.full_url,
            "address": business.address_line,
            "latitude": float(business.latitude) if business.latitude is not None else None,
            "longitude": float(business.longitude) if business.longitude is not None else None,
        },
    }


@require_GET
def jobs_api(request):
    """Open positions as JSON, newest first, filtered like the jobs board
    (type, district, language, german_level, hours, start_by, wheelchair),
    50 per page (`page`). Constant number of queries. 400 with `errors`
    for unknown filter values."""
    filters = parse_job_filters(request.GET)
    if filters.errors:
        return JsonResponse(
            {"errors": {name: str(message) for name, message in filters.errors.items()}},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    jobs = filters.apply(BusinessJob.objects.published().for_listing())
    page_obj = Paginator(jobs, API_PAGE_SIZE).get_page(request.GET.get("page"))
    board = jobs_board()
    board_url = board.get_full_url(request) if board else None
    with translation.override(default_content_language()):
        results = [job_as_dict(job, board_url) for job in page_obj.object_list]
    response = JsonResponse(
        {
            "count": page_obj.paginator.count,
            "page": page_obj.number,
            "pages": page_obj.paginator.num_pages,
            "results": results,
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
