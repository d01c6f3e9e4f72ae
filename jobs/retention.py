"""Anonymising residents' interest in positions JOB_INTEREST_RETENTION_DAYS
calendar days after it came in (`purge_job_interests`)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from quartier.audit import forget_logged_labels
from quartier.clock import end_of_day, local_today

from .models import JobInterest


def interests_to_purge(days=None, now=None):
    """Requests still holding personal data that came in `days` calendar days
    ago or earlier (site's zone): with 180 days, one from 1 March is purged
    from 28 August on, whatever the hour the command runs."""
    days = settings.JOB_INTEREST_RETENTION_DAYS if days is None else days
    now = now or timezone.now()
    last_purged_day = local_today(now) - datetime.timedelta(days=days)
    return JobInterest.objects.filter(
        created_at__lt=min(now, end_of_day(last_purged_day)), anonymised_at__isnull=True
    )


def anonymise(queryset, now=None):
    """Removes name, contact, languages and notes, and the labels the audit
    log kept of them; keeps business, district, kind and dates for the
    programme's counts."""
    with transaction.atomic():
        ids = list(queryset.values_list("pk", flat=True))
        JobInterest.languages.through.objects.filter(jobinterest_id__in=ids).delete()
        forget_logged_labels(JobInterest, ids)
        return JobInterest.objects.filter(pk__in=ids).update(
            name="",
            email="",
            phone="",
            note="",
            coach_notes="",
            anonymised_at=now or timezone.now(),
        )
