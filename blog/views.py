from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wagtail.models import Locale, Page

from quartier.ratelimit import too_many

from .calendar import calendar_bytes
from .emails import send_registration_email
from .events import upcoming_events
from .forms import RegistrationForm
from .models import CampaignPage, Registration, WorkshopPage
from .registration import RegistrationError, cancel, register

# At most this many registration attempts per address and window.
RATE_LIMIT_ATTEMPTS = 5
RATE_LIMIT_WINDOW_SECONDS = 600


def serve_workshop(page, request, *args, **kwargs):
    """The workshop page; a POST is a registration."""
    if request.method != "POST":
        return Page.serve(page, request, *args, **kwargs)
    form = RegistrationForm(request.POST)
    status = 200
    if too_many(request, "registration", RATE_LIMIT_ATTEMPTS, RATE_LIMIT_WINDOW_SECONDS):
        form.is_valid()
        form.add_error(
            None,
            _("Zu viele Anmeldeversuche in kurzer Zeit. Bitte warten Sie einige Minuten."),
        )
        status = 429
    elif form.is_spam():
        # Answer like a success without saving anything.
        messages.success(request, _("Vielen Dank für Ihre Anmeldung."))
        return redirect(page.url)
    elif form.is_valid():
        data = form.cleaned_data
        try:
            registration = register(
                page.canonical(),
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                places=data["places"],
                note=data["note"],
            )
        except RegistrationError as error:
            form.add_error(error.field, str(error.message))
        else:
            kind = (
                "confirmed"
                if registration.status == Registration.Status.CONFIRMED
                else "waitlisted"
            )
            send_registration_email(registration, kind, request)
            return redirect("blog_registration", token=registration.token)
    context = page.get_context(request, *args, **kwargs)
    context["registration_form"] = form
    return TemplateResponse(request, page.get_template(request), context, status=status)


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
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def events_ics(request):
    """All upcoming campaigns and workshops as one calendar feed."""
    pages = upcoming_events(locale=Locale.get_default())
    return _ics_response(calendar_bytes(pages, _("Termine im Quartier"), request), "termine.ics")


@require_GET
def event_ics(request, page_id):
    """ "Add to calendar" for one campaign or workshop."""
    page = Page.objects.live().public().filter(pk=page_id).specific().first()
    if not isinstance(page, (CampaignPage, WorkshopPage)):
        raise Http404
    page = page.canonical()
    return _ics_response(calendar_bytes([page], page.title, request), f"{page.slug}.ics")
