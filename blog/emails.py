"""Emails to people who registered for a workshop."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from quartier.site_address import base_url
from quartier.text import one_line

from .calendar import calendar_bytes

TEMPLATES = {
    "confirmed": "emails/blog/registration_confirmed.txt",
    "waitlisted": "emails/blog/registration_waitlisted.txt",
    "promoted": "emails/blog/registration_promoted.txt",
}


def registration_url(registration, request=None):
    path = reverse("blog_registration", kwargs={"token": registration.token})
    if request is not None:
        return request.build_absolute_uri(path)
    return base_url() + path


def send_registration_email(registration, kind, request=None):
    """Send the email of `kind` (confirmed, waitlisted, promoted); people
    who gave only a phone number get none. Confirmations carry an .ics file."""
    if not registration.email:
        return False
    language = registration.language or settings.LANGUAGE_CODE
    workshop = registration.workshop
    # Everything under the recipient's language, the attachment included: the
    # request may be someone else's (a cancellation promotes the next person).
    with translation.override(language):
        context = {
            "registration": registration,
            "workshop": workshop,
            "dates": workshop.sorted_dates(),
            "cancel_url": registration_url(registration, request),
            "workshop_url": workshop.get_full_url(request) or "",
        }
        subject = render_to_string(
            "emails/blog/registration_subject.txt", {**context, "kind": kind}
        ).strip()
        body = render_to_string(TEMPLATES[kind], context)
        message = EmailMessage(
            subject=one_line(subject),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[registration.email],
        )
        if kind in ("confirmed", "promoted"):
            message.attach(
                f"workshop-{workshop.pk}.ics",
                calendar_bytes([workshop], workshop.title, request),
                "text/calendar; charset=utf-8; method=PUBLISH",
            )
    message.send(fail_silently=True)
    return True
