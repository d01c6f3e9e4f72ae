"""How long residents' reports (whose note may name people) are kept."""

import datetime

from django.conf import settings
from django.utils import timezone

from .models import ProfileReport


def reports_to_purge(days=None, now=None):
    """Reports that arrived `days` days or more ago, done or not: the team has
    that long to act on them."""
    days = settings.PROFILE_REPORT_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return ProfileReport.objects.filter(created_at__lte=cutoff)


def purge_reports(queryset):
    """Deletes the reports. Their audit log labels name only the kind and id
    (ProfileReport.__str__), never the note, so they may stay."""
    _total, per_model = queryset.delete()
    return per_model.get(ProfileReport._meta.label, 0)
