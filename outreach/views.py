"""Public newsletter views: subscribe, confirm, unsubscribe. Confirming and
unsubscribing are POSTs: mail scanners open links (GET) on their own, which
must neither confirm an opt-in nor end a subscription."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from quartier.models import SiteSettings

from . import subscriptions
from .forms import SubscriptionForm

RATE_LIMIT_ATTEMPTS = 5
RATE_LIMIT_WINDOW_SECONDS = 600


def _privacy_page(request):
    page = SiteSettings.load(request_or_site=request).privacy_page
    return page.localized.specific_deferred if page else None


@require_http_methods(["GET", "POST"])
def subscribe(request):
    status = 200
    if request.method == "POST":
        form = SubscriptionForm(request.POST)
        message = _("Zu viele Versuche in kurzer Zeit. Bitte warten Sie einige Minuten.")
        attempts, window = RATE_LIMIT_ATTEMPTS, RATE_LIMIT_WINDOW_SECONDS
        if form.rate_limited(request, "newsletter", attempts, window, message):
            status = 429
        elif form.is_spam():
            return redirect("outreach_subscribe_sent")
        elif form.is_valid():
            data = form.cleaned_data
            subscriptions.request_subscription(
                data["email"],
                data["language"],
                {topic for topic in form.TOPICS if data[topic]},
                list(data["districts"]),
                request,
            )
            return redirect("outreach_subscribe_sent")
        else:
            status = 400
    else:
        form = SubscriptionForm(initial={"language": translation.get_language()})
    return TemplateResponse(
        request,
        "outreach/subscribe.html",
        {"form": form, "privacy_page": _privacy_page(request)},
        status=status,
    )


def subscribe_sent(request):
    return TemplateResponse(request, "outreach/subscribe_sent.html", {})


def confirmed(request):
    return TemplateResponse(request, "outreach/confirmed.html", {})


def unsubscribed(request):
    return TemplateResponse(request, "outreach/unsubscribed.html", {})


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        if request.method == "POST":
            subscriptions.confirm(token)
            return redirect("outreach_confirmed")
        subscriptions.check_confirm_token(token)
    except subscriptions.InvalidToken:
        return TemplateResponse(request, "outreach/invalid_link.html", {}, status=404)
    return TemplateResponse(request, "outreach/confirm.html", {})


@csrf_exempt  # the signed token is the credential; mail programs POST without a form (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        subscription = subscriptions.subscription_for_unsubscribe_token(token)
    except subscriptions.InvalidToken:
        return TemplateResponse(request, "outreach/invalid_link.html", {}, status=404)
    if request.method == "POST":
        subscriptions.unsubscribe(token)
        return redirect("outreach_unsubscribed")
    if subscription is None:
        return redirect("outreach_unsubscribed")
    return TemplateResponse(request, "outreach/unsubscribe.html", {})
