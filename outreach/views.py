"""Public newsletter views: subscribe, confirm, unsubscribe. Confirming and
unsubscribing are POSTs: mail scanners open links (GET) on their own, which
must neither confirm an opt-in nor end a subscription."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from quartier.forms import RateLimit
from quartier.models import SiteSettings

from . import subscriptions
from .forms import SubscriptionForm

RATE_LIMIT_ATTEMPTS = 5
RATE_LIMIT_WINDOW_SECONDS = 600
SUBSCRIBE_LIMIT = RateLimit(
    "newsletter",
    RATE_LIMIT_ATTEMPTS,
    RATE_LIMIT_WINDOW_SECONDS,
    gettext_lazy("Zu viele Versuche in kurzer Zeit. Bitte warten Sie einige Minuten."),
)


def _privacy_page(request):
    page = SiteSettings.load(request_or_site=request).privacy_page
    return page.localized.specific_deferred if page else None


@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method != "POST":
        initial = {"language": translation.get_language()}
        return _subscribe_page(request, SubscriptionForm(initial=initial))
    form = SubscriptionForm(request.POST)

    def request_subscription(data):
        topics = {topic for topic in form.TOPICS if data[topic]}
        subscriptions.request_subscription(
            data["email"], data["language"], topics, list(data["districts"]), request
        )

    return form.submit(
        request,
        SUBSCRIBE_LIMIT,
        act=request_subscription,
        show=lambda status: _subscribe_page(request, form, status),
        thanks=None,
        done_url=reverse("outreach_subscribe_sent"),
    )


def _subscribe_page(request, form, status=200):
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
