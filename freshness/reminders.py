"""The freshness loop: "Stimmen Ihre Angaben noch?" to each owner whose
profile was not confirmed for UPDATE_REMINDER_DAYS, with one-click answers.

Links carry signed tokens (django.core.signing.TimestampSigner) naming the
reminder's nonce and the answer: they need no login, expire after
UPDATE_REMINDER_LINK_DAYS and work once (the first answer spends every link
of that mail). Opening a link (GET) changes nothing; the answer is a POST."""

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.users.models import UserProfile

from directory.models import BusinessPage
from directory.owners import owners_by_business
from quartier.cache import invalidate_all
from quartier.clock import local_today, start_of_day
from quartier.dates import long_date
from quartier.i18n import default_content_language
from quartier.site_address import base_url
from quartier.text import one_line

from . import statistics
from .models import UpdateReminder

TOKEN_SALT = "freshness.reminder"  # noqa: S105 - a namespace, not a secret
ANSWERS = {UpdateReminder.Answer.CONFIRMED, UpdateReminder.Answer.CLOSED}


class InvalidLink(Exception):
    """The link is forged, expired or already used."""


def last_confirmed(business):
    """The date the details were last confirmed: the check date, else the day
    the profile first went online."""
    if business.last_checked:
        return business.last_checked
    if business.first_published_at:
        return timezone.localdate(business.first_published_at)
    return None


def not_confirmed_since(days, today=None):
    """Live source-language businesses (not permanently closed) whose details
    were last confirmed `days` or more days ago."""
    cutoff = (today or local_today()) - datetime.timedelta(days=days)
    next_day = cutoff + datetime.timedelta(days=1)
    return (
        BusinessPage.objects.live()
        .filter(locale__language_code=default_content_language())
        .exclude(status=BusinessPage.Status.CLOSED)
        .filter(
            Q(last_checked__lte=cutoff)
            | Q(last_checked__isnull=True, first_published_at__lt=start_of_day(next_day))
        )
    )


def due_reminders(now=None):
    """[(business, owner)] to remind now: profile not confirmed for
    UPDATE_REMINDER_DAYS, owner active with an email address, and not
    reminded about this business within the same interval. A business
    temporarily closed today is not asked (from its reopening date on it is)."""
    now = now or timezone.now()
    days = settings.UPDATE_REMINDER_DAYS
    today = local_today(now)
    businesses = list(not_confirmed_since(days, today).listed(today).order_by("title", "pk"))
    owners = owners_by_business(businesses)
    recent = set(
        UpdateReminder.objects.filter(
            business__in=businesses, sent_at__gt=now - datetime.timedelta(days=days)
        ).values_list("business_id", "owner_id")
    )
    return [
        (business, owner)
        for business in businesses
        for owner in owners.get(business.pk, [])
        if owner.email and (business.pk, owner.pk) not in recent
    ]


def make_token(reminder, answer):
    payload = {"r": reminder.pk, "n": reminder.nonce, "a": str(answer)}
    return signing.TimestampSigner(salt=TOKEN_SALT).sign_object(payload)


def answer_url(reminder, answer):
    return base_url() + reverse("freshness_answer", kwargs={"token": make_token(reminder, answer)})


def edit_url(business):
    return base_url() + reverse("wagtailadmin_pages:edit", args=[business.pk])


def send_reminder(business, owner, now=None):
    """Records and mails one reminder, in the owner's preferred language."""
    now = now or timezone.now()
    reminder = UpdateReminder.objects.create(business=business, owner=owner, sent_at=now)
    today = local_today(now)
    months = [statistics.previous_month(today)]
    language = UserProfile.get_for_user(owner).get_preferred_language()
    confirmed = last_confirmed(business)
    with translation.override(language):
        context = {
            "business": business,
            "owner": owner,
            "last_confirmed": confirmed and long_date(confirmed),
            "confirm_url": answer_url(reminder, UpdateReminder.Answer.CONFIRMED),
            "closed_url": answer_url(reminder, UpdateReminder.Answer.CLOSED),
            "edit_url": edit_url(business),
            "link_days": settings.UPDATE_REMINDER_LINK_DAYS,
            "statistics": statistics.summary(business, months),
        }
        subject = one_line(render_to_string("emails/freshness/reminder_subject.txt", context))
        body = render_to_string("emails/freshness/reminder.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [owner.email])
    return reminder


def reminder_for_token(token):
    """The unanswered reminder and the answer a link names; raises InvalidLink."""
    max_age = datetime.timedelta(days=settings.UPDATE_REMINDER_LINK_DAYS)
    try:
        payload = signing.TimestampSigner(salt=TOKEN_SALT).unsign_object(token, max_age=max_age)
    except signing.BadSignature as error:
        raise InvalidLink from error
    if payload.get("a") not in ANSWERS:
        raise InvalidLink
    reminder = (
        UpdateReminder.objects.select_related("business", "owner")
        .filter(pk=payload.get("r"), nonce=payload.get("n"), answered_at__isnull=True)
        .first()
    )
    if reminder is None:
        raise InvalidLink
    return reminder, payload["a"]


@transaction.atomic
def answer(token, now=None):
    """Carries out the answer of a link, once; raises InvalidLink."""
    now = now or timezone.now()
    reminder, given = reminder_for_token(token)
    # Locked and spent before anything else: two clicks at once answer once.
    spent = UpdateReminder.objects.filter(pk=reminder.pk, answered_at__isnull=True).update(
        answered_at=now, answer=given
    )
    if not spent:
        raise InvalidLink
    if given == UpdateReminder.Answer.CONFIRMED:
        confirm_details(reminder.business, local_today(now))
    else:
        transaction.on_commit(lambda: notify_closed(reminder))
    return reminder, given


def confirm_details(business, day):
    """Sets the check date on the live page, its aliases in the other
    languages and its latest revision (so the next publish keeps it)."""
    BusinessPage.objects.filter(Q(pk=business.pk) | Q(alias_of_id=business.pk)).update(
        last_checked=day
    )
    revision = business.latest_revision
    if revision is not None and isinstance(revision.content, dict):
        revision.content["last_checked"] = day.isoformat()
        revision.save(update_fields=["content"])
    invalidate_all()


def notify_closed(reminder):
    """Tells the coordination team; changes nothing by itself."""
    business = reminder.business
    mail_team(
        "closed",
        {"business": business, "owner": reminder.owner, "edit_url": edit_url(business)},
    )


def mail_team(name, context):
    """Mails emails/freshness/<name>(_subject).txt to the coordination team,
    in German whichever language the owner or resident used."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = one_line(render_to_string(f"emails/freshness/{name}_subject.txt", context))
        body = render_to_string(f"emails/freshness/{name}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [settings.COORDINATION_EMAIL])
