from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wagtail.models import Page

from quartier.downloads import file_download
from quartier.i18n import default_locale

from .calendar import calendar_bytes
from .emails import send_registration_email
from .events import upcoming_events
from .models import CampaignPage, Registration, WorkshopPage
from .registration import cancel


@require_http_methods(["GET", "POST"])
def registration_detail(request, token):
    """Status of one registration; a POST cancels it. The token in the link
    is the only key, so this needs no account."""
    registration = get_object_or_404(
        Registration.objects.select_related("workshop"), token=token, anonymised_at__isnull=True
    )
    workshop = registration.workshop
    if request.method == "POST":
        if registration.status == Registration.Status.CANCELLED:
            pass
        elif workshop.is_past():
            messages.error(
                request, _("Der Workshop ist vorbei; eine Abmeldung ist nicht mehr nötig.")
            )
        else:
            promoted = cancel(registration)
            for person in promoted:
                send_registration_email(person, "promoted", request)
            messages.success(request, _("Sie sind abgemeldet. Ihr Platz ist wieder frei."))
        return redirect("blog_registration", token=registration.token)
    return TemplateResponse(
        request,
        "components/blog/registration_detail.html",
        {"registration": registration, "workshop": workshop, "now": timezone.now()},
    )


def _ics_response(content, filename):
    return file_download(content, "text/calendar; charset=utf-8", filename)


@require_GET
def events_ics(request):
    """All upcoming campaigns and workshops as one calendar feed."""
    pages = upcoming_events(locale=default_locale())
    return _ics_response(calendar_bytes(pages, _("Termine im Quartier"), request), "termine.ics")


@require_GET
def event_ics(request, page_id):
    """ "Add to calendar" for one campaign or workshop."""
    page = Page.objects.live().public().filter(pk=page_id).specific().first()
    if not isinstance(page, (CampaignPage, WorkshopPage)):
        raise Http404
    # In the language of the page that links it; facts and UIDs are the original's.
    return _ics_response(calendar_bytes([page], page.title, request), f"{page.slug}.ics")
