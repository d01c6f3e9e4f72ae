"""Residents' interest in a position: stored for the job coaches, sent to
them (and to the business if it chose so) and confirmed to the person in
their language (anonymised after JOB_INTEREST_RETENTION_DAYS: jobs.retention)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from directory.owners import business_language


def record_interest(job, *, name, email="", phone="", languages=(), note="", now=None):
    """Stores the request with what the anonymised counts need (business,
    district, kind), in the interface language it came in."""
    with transaction.atomic():
        interest = job.interests.create(
            business=job.page,
            district_id=job.page.district_id,
            job_title=job.title,
            job_kind=job.kind,
            name=name.strip(),
            email=(email or "").strip().lower(),
            phone=(phone or "").strip(),
            note=(note or "").strip(),
            language=translation.get_language() or settings.LANGUAGE_CODE,
            consent_at=now or timezone.now(),
        )
        interest.languages.set(languages)
    return interest


def _render(template, context):
    return render_to_string(template, context)


def _subject(template, context):
    return " ".join(render_to_string(template, context).split())


def send_interest_emails(interest, job, position_url):
    """Mail to the job coaches, to the business if it asked for it (and has
    an address), and a confirmation to the person if they gave an email.
    Returns the recipients' addresses; a mail server error never reaches the
    person filling in the form."""
    business = job.page
    admin_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "job_interests:inspect", args=[interest.pk]
    )
    context = {
        "interest": interest,
        "job": job,
        "business": business,
        "languages": list(interest.languages.all()),
        "position_url": position_url,
        "admin_url": admin_url,
    }
    sent = []
    with translation.override(settings.LANGUAGE_CODE):
        coach_mail = EmailMessage(
            _subject("emails/jobs/interest_subject.txt", context),
            _render("emails/jobs/interest_coach.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [settings.JOB_COACH_EMAIL],
            reply_to=[interest.email] if interest.email else None,
        )
        coach_mail.send(fail_silently=True)
        sent.append(settings.JOB_COACH_EMAIL)
    if business.job_interest_to_business and business.email:
        with translation.override(business_language(business)):
            EmailMessage(
                _subject("emails/jobs/interest_subject.txt", context),
                _render("emails/jobs/interest_business.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [business.email],
                reply_to=[settings.JOB_COACH_EMAIL],
            ).send(fail_silently=True)
        sent.append(business.email)
        interest.forwarded_to_business = True
        interest.save(update_fields=["forwarded_to_business"])
    if interest.email:
        with translation.override(interest.language or settings.LANGUAGE_CODE):
            EmailMessage(
                _subject("emails/jobs/confirmation_subject.txt", context),
                _render("emails/jobs/interest_confirmation.txt", context),
                settings.DEFAULT_FROM_EMAIL,
                [interest.email],
                reply_to=[settings.JOB_COACH_EMAIL],
            ).send(fail_silently=True)
        sent.append(interest.email)
    return sent
