"""How long residents' reports (whose note may name people) are kept."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from quartier.audit import forget_logged_labels

from .models import ProfileReport


def reports_to_purge(days=None, now=None):
    """Reports that arrived `days` days or more ago, done or not: the team has
    that long to act on them."""
    days = settings.PROFILE_REPORT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return ProfileReport.objects.filter(created_at__lte=cutoff)


@transaction.atomic
def purge_reports(queryset):
    pks = list(queryset.values_list("pk", flat=True))
    count, _per_model = ProfileReport.objects.filter(pk__in=pks).delete()
    forget_logged_labels(ProfileReport, pks)
    return count
