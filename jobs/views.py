"""The jobs board's views: the listing context, a position's page with the
interest form, and GET /api/jobs/."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directory.models import BusinessJob, District, GermanLevel, Language
from directory.templatetags.directory_tags import json_for_script
from quartier.i18n import default_content_language
from quartier.models import SiteSettings

from .filters import GERMAN_LEVELS, parse_job_filters
from .forms import JobInterestForm
from .interest import record_interest, send_interest_emails
from .models import PAGE_SIZE, JobsIndexPage
from .schema import job_posting_data

# At most this many interest requests per address and window.
INTEREST_RATE_LIMIT = 5
INTEREST_RATE_WINDOW_SECONDS = 600
API_PAGE_SIZE = 50
FILTER_PARAMS = ("type", "district", "language", "german_level", "hours", "start_by", "wheelchair")


def business_url(business):
    """The business profile under the interface language's prefix, without a
    query (quartier.models.SourceTreeRoutingMixin)."""
    return business.url


def listing_context(index_page, request):
    """Filtered, sorted, paginated open positions, in a constant number of
    queries whatever the number of positions (count, rows, languages,
    districts, languages for the filter)."""
    filters = parse_job_filters(request.GET)
    jobs = filters.apply(BusinessJob.objects.published().for_listing())
    page_obj = Paginator(jobs, PAGE_SIZE).get_page(request.GET.get("page"))
    for job in page_obj.object_list:
        job.position_url = index_page.position_url(job, request)
        job.business_url = business_url(job.page)
    params = {key: value for key, value in request.GET.items() if key != "page"}
    return {
        "jobs": page_obj,
        "page_obj": page_obj,
        "filters": filters,
        "filter_errors": list(filters.errors.values()),
        "filter_options": {
            "kinds": BusinessJob.Kind.choices,
            "districts": list(District.objects.all()),
            "languages": list(Language.objects.all()),
            "german_levels": [("none", GermanLevel.NONE.label)]
            + [(level, level) for level in GERMAN_LEVELS],
        },
        "selected": {key: request.GET.get(key, "") for key in (*FILTER_PARAMS, "sort")},
        "page_query": urlencode(params),
        "rss_url": index_page.feed_url(),
    }


def serve_job(index_page, request, job):
    """A position's page; a POST is an "Ich habe Interesse" request."""
    url = index_page.position_url(job, request)
    form = JobInterestForm(request.POST or None)
    status = 200
    if request.method == "POST":
        message = _("Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einige Minuten.")
        attempts, window = INTEREST_RATE_LIMIT, INTEREST_RATE_WINDOW_SECONDS
        if form.rate_limited(request, "job-interest", attempts, window, message):
            status = 429
        elif form.is_spam():
            # Answer like a success without saving or sending anything.
            messages.success(request, _("Danke! Die Jobcoaches melden sich bei Ihnen."))
            return HttpResponseRedirect(url + "#interest")
        elif form.is_valid():
            data = form.cleaned_data
            interest = record_interest(
                job,
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                languages=data["languages"],
                note=data["note"],
            )
            send_interest_emails(interest, job, request.build_absolute_uri(url))
            messages.success(request, _("Danke! Die Jobcoaches melden sich bei Ihnen."))
            return HttpResponseRedirect(url + "#interest")
        else:
            status = 400
    context = index_page.get_context(request)
    privacy_page = SiteSettings.load(request_or_site=request).privacy_page
    business = job.page
    context.update(
        {
            "job": job,
            "business": business,
            "business_url": business_url(business),
            "interest_form": form,
            "privacy_page": privacy_page.localized.specific_deferred if privacy_page else None,
            "subpage_path": index_page.reverse_subpage("job_detail", args=[job.pk]),
            "json_ld": json_ld_script(
                job_posting_data(
                    job,
                    url=request.build_absolute_uri(url),
                    business_url=business.get_full_url(request),
                    logo_url=_logo_url(business, request),
                )
            ),
            "position_full_url": request.build_absolute_uri(url),
        }
    )
    return TemplateResponse(request, index_page.detail_template, context, status=status)


def json_ld_script(data):
    """<script type="application/ld+json">, escaped like json_script (CSP
    allows it: JSON scripts are not executed)."""
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(json_for_script(data)),  # noqa: S308 - escaped by json_for_script
    )


def _logo_url(business, request):
    if not business.logo_id:
        return None
    rendition = business.logo.get_rendition("max-400x400")
    return request.build_absolute_uri(rendition.url)


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
