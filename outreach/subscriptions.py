"""Double opt-in, confirmation, unsubscribe and expiry of newsletter subscriptions.

Links carry signed tokens (django.core.signing), so no extra table is needed:
a confirmation link expires after NEWSLETTER_CONFIRM_DAYS and works once (it
names the subscription's current nonce, which confirming replaces); an
unsubscribe link never expires and stops mattering once the row is gone."""

import datetime
import hashlib

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from directory.models import District
from quartier.models import SiteSettings
from quartier.ratelimit import too_many_for
from quartier.site_address import base_url

from .models import Subscription, new_nonce

CONFIRM_SALT = "outreach.subscription.confirm"
UNSUBSCRIBE_SALT = "outreach.subscription.unsubscribe"
# One confirmation mail per address in this many seconds, whoever asks.
CONFIRMATION_MAIL_INTERVAL = 600


def _email_digest(email):
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]


def absolute_url(path, request=None):
    if request is not None:
        return request.build_absolute_uri(path)
    return base_url() + path  # the Site's address, as every other mail (cron has no request)


def confirm_token(subscription, choices):
    payload = {"id": subscription.pk, "n": subscription.nonce, "c": choices}
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign_object(payload, compress=True)


def unsubscribe_token(subscription):
    payload = {"id": subscription.pk, "e": _email_digest(subscription.email)}
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(payload)


def unsubscribe_url(subscription, request=None):
    with translation.override(subscription.language):
        path = reverse("outreach_unsubscribe", kwargs={"token": unsubscribe_token(subscription)})
    return absolute_url(path, request)


def request_subscription(email, language, topics, districts, request=None):
    """Records an opt-in request and mails the confirmation link. An existing
    subscription is left as it is until the new link is confirmed, so nobody
    can change another person's choices. Answers the same in every case."""
    email = email.strip()
    choices = {
        "language": language,
        "topics": sorted(topics),
        "districts": sorted(district.pk for district in districts),
    }
    # A second request within the interval changes nothing and mails nothing,
    # so the link of the first mail keeps working. Counted where every process
    # sees it (quartier.ratelimit), not in a per-process cache.
    may_mail = not too_many_for(email, "newsletter-confirm-mail", 1, CONFIRMATION_MAIL_INTERVAL)
    with transaction.atomic():
        subscription, created = Subscription.objects.get_or_create(
            email__iexact=email,
            defaults={
                "email": email,
                "language": language,
                **{topic: topic in topics for topic in Subscription.TOPICS},
            },
        )
        if created:
            subscription.districts.set(districts)
        elif may_mail:
            subscription.nonce = new_nonce()
            if subscription.confirmed_at is None:
                # The new link's days count from now; so does the expiry of the row.
                subscription.created_at = timezone.now()
            subscription.save(update_fields=["nonce", "created_at"])
    if created or may_mail:
        send_confirmation(subscription, choices, request)
    return subscription


def send_confirmation(subscription, choices, request=None):
    language = choices["language"]
    with translation.override(language):
        path = reverse("outreach_confirm", kwargs={"token": confirm_token(subscription, choices)})
        context = {
            "confirm_url": absolute_url(path, request),
            "days": settings.NEWSLETTER_CONFIRM_DAYS,
            "platform_name": _platform_name(),
        }
        subject = render_to_string("emails/outreach/confirm_subject.txt", context)
        body = render_to_string("emails/outreach/confirm.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
    ).send(fail_silently=True)


def _platform_name():
    return SiteSettings.load().programme_name or settings.WAGTAIL_SITE_NAME


class InvalidToken(Exception):
    """The link is forged, expired or already used."""


def check_confirm_token(token):
    """The subscription and the choices a confirmation link names; raises InvalidToken."""
    max_age = datetime.timedelta(days=settings.NEWSLETTER_CONFIRM_DAYS)
    try:
        payload = signing.TimestampSigner(salt=CONFIRM_SALT).unsign_object(token, max_age=max_age)
    except signing.BadSignature as error:
        raise InvalidToken from error
    subscription = Subscription.objects.filter(pk=payload.get("id"), nonce=payload.get("n")).first()
    if subscription is None:
        raise InvalidToken
    return subscription, payload["c"]


@transaction.atomic
def confirm(token, now=None):
    """Confirms the subscription with the choices of the link; raises InvalidToken."""
    subscription, choices = check_confirm_token(token)
    # Locked and read again: two clicks at once confirm once.
    subscription = (
        Subscription.objects.select_for_update()
        .filter(pk=subscription.pk, nonce=subscription.nonce)
        .first()
    )
    if subscription is None:
        raise InvalidToken

    subscription.language = choices["language"]
    for topic in Subscription.TOPICS:
        setattr(subscription, topic, topic in choices["topics"])
    subscription.confirmed_at = subscription.confirmed_at or now or timezone.now()
    subscription.nonce = new_nonce()
    subscription.save()
    subscription.districts.set(District.objects.filter(pk__in=choices["districts"]))
    return subscription


def subscription_for_unsubscribe_token(token):
    """The subscription an unsubscribe link names, or None when it is gone;
    raises InvalidToken for a forged link."""
    try:
        payload = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except signing.BadSignature as error:
        raise InvalidToken from error
    subscription = Subscription.objects.filter(pk=payload.get("id")).first()
    if subscription is None or _email_digest(subscription.email) != payload.get("e"):
        return None
    return subscription


def unsubscribe(token):
    """Deletes the subscription (all its data); True when there was one."""
    subscription = subscription_for_unsubscribe_token(token)
    if subscription is None:
        return False
    subscription.delete()
    return True


def purge_expired(now=None):
    """Deletes opt-ins that were not confirmed in time; returns how many."""
    _total, per_model = Subscription.objects.expired(now).delete()
    return per_model.get(Subscription._meta.label, 0)
