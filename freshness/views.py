"""Public views (one-click answers to reminders, "Angabe falsch? Melden",
counted contact links) and the coordination team's list of stale profiles."""

from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from directory.models import BusinessPage, BusinessSocialLink, District
from directory.owners import is_coordinator
from quartier.clock import local_today
from quartier.forms import RateLimit
from quartier.site_address import base_url

from . import reminders, statistics
from .forms import ProfileReportForm
from .models import UpdateReminder
from .stale import stale_profiles

# At most this many reports per client address and window.
REPORT_LIMIT = RateLimit(
    "profile-report",
    5,
    600,
    gettext_lazy("Zu viele Meldungen in kurzer Zeit. Bitte warten Sie einige Minuten."),
)


# --- One-click answers to a reminder -----------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, token):
    """GET shows what the button will do (mail scanners open links by
    themselves); only the POST of that button answers."""
    try:
        if request.method == "POST":
            _reminder, given = reminders.answer(token)
            return redirect("freshness_answered", answer=given)
        reminder, given = reminders.reminder_for_token(token)
    except reminders.InvalidLink:
        return TemplateResponse(request, "freshness/invalid_link.html", {}, status=404)
    return TemplateResponse(
        request,
        "freshness/answer.html",
        {
            "business": reminder.business,
            "answer": given,
            "confirmed": given == UpdateReminder.Answer.CONFIRMED,
        },
    )


def answered(request, answer):
    if answer not in reminders.ANSWERS:
        raise Http404
    return TemplateResponse(
        request,
        "freshness/answered.html",
        {"confirmed": answer == UpdateReminder.Answer.CONFIRMED},
    )


# --- "Angabe falsch? Melden" ---------------------------------------------------


# The largest id a database stores: a larger one in the URL is simply not found
# (SQLite would raise OverflowError).
MAX_ID = 2**63 - 1


def _public_business(business_id):
    if business_id > MAX_ID:
        raise Http404
    return get_object_or_404(BusinessPage.objects.live().public(), pk=business_id)


@require_http_methods(["GET", "POST"])
def report(request, business_id):
    """The report form on its own page (the profile shows the same form); a
    valid POST stores the report, tells the team and goes back to the profile."""
    business = _public_business(business_id)
    profile_url = business.get_url(request)
    form = ProfileReportForm(request.POST or None)

    def store(_data):
        report = form.save(commit=False)
        report.business = business
        report.save()
        notify_team(report)

    def show(status=200):
        context = {"business": business, "profile_url": profile_url, "report_form": form}
        return TemplateResponse(request, "freshness/report.html", context, status=status)

    if request.method == "POST":
        return form.submit(
            request,
            REPORT_LIMIT,
            act=store,
            show=show,
            thanks=thanks(),
            done_url=profile_url + "#report",
        )
    return show()


def thanks():
    return _("Danke für Ihren Hinweis! Das Koordinationsteam prüft ihn.")


def notify_team(report):
    admin_path = reverse("wagtailsnippets_freshness_profilereport:edit", args=[report.pk])
    reminders.mail_team(
        "report",
        {"report": report, "business": report.business, "admin_url": base_url() + admin_path},
    )


# --- Counted contact links ---------------------------------------------------


def contact_target(business, kind):
    """Where a contact link of the profile leads, or None; only the profile's
    own data, never a URL from the request."""
    Kind = statistics.Kind
    if kind == Kind.PHONE and business.phone:
        return "tel:" + "".join(business.phone.split())
    if kind == Kind.WEBSITE and business.website:
        return business.website
    if kind == Kind.DIRECTIONS and business.is_on_map:
        destination = quote(f";{business.latitude},{business.longitude}")
        return f"https://www.openstreetmap.org/directions?route={destination}"
    if kind == Kind.WHATSAPP:
        link = business.social_links.filter(platform=BusinessSocialLink.Platform.WHATSAPP).first()
        return link.url if link else None
    return None


class ContactRedirect(HttpResponseRedirect):
    allowed_schemes = ["http", "https", "tel"]


@never_cache
@require_GET
def contact(request, business_id, kind):
    """/go/<business>/<kind>/: counts the click, then follows it."""
    business = _public_business(business_id)
    target = contact_target(business, kind)
    if target is None:
        raise Http404
    if statistics.is_countable(request):
        statistics.count(business.pk, kind)
    response = ContactRedirect(target)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- The coordination team's view of stale profiles -------------------------


def _stale_context(request):
    if not is_coordinator(request.user):
        raise PermissionDenied
    district = None
    if request.GET.get("district"):
        district = District.objects.filter(slug=request.GET["district"]).first()
    days = settings.STALE_PROFILE_DAYS
    return {
        "groups": stale_profiles(days, district, local_today()),
        "days": days,
        "districts": District.objects.all(),
        "district": district,
    }


def stale_view(request):
    return TemplateResponse(request, "freshness/admin/stale.html", _stale_context(request))


def stale_print_view(request):
    """A page to print: the stale profiles whose owners have no email address."""
    context = _stale_context(request)
    context["groups"] = [
        (district, [row for row in rows if not row["owner_email"]])
        for district, rows in context["groups"]
    ]
    context["groups"] = [(district, rows) for district, rows in context["groups"] if rows]
    context["today"] = local_today()
    return TemplateResponse(request, "freshness/admin/stale_print.html", context)
