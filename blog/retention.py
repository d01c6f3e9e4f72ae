"""Workshop registrations past their retention period: found and
anonymised by `manage.py purge_registrations`."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from quartier.audit import forget_logged_labels
from quartier.clock import end_of_day, local_today

from .models import Registration, WorkshopPage


def registrations_to_purge(days=None, now=None):
    """Registrations that still hold personal data, of workshops whose last
    date lies `days` calendar days or more in the past (site's zone): with 30
    days, a workshop that ended on 1 March is purged from 31 March on,
    whatever the hour the command runs and however many hours those days
    had (a change of daylight-saving time lies between them). A workshop
    that has not ended yet is never purged, not even with 0 days."""
    days = settings.REGISTRATION_RETENTION_DAYS if days is None else days
    now = now or timezone.now()
    last_purged_day = local_today(now) - datetime.timedelta(days=days)
    cutoff = min(now, end_of_day(last_purged_day))
    finished = WorkshopPage.objects.with_schedule(now).filter(last_end__lt=cutoff)
    return Registration.objects.filter(
        workshop__in=finished.values("pk"), anonymised_at__isnull=True
    )


@transaction.atomic
def anonymise(queryset, now=None):
    """Remove personal data but keep the numbers for the programme's reports;
    the audit log's labels of these (and of deleted) registrations go too."""
    pks = list(queryset.values_list("pk", flat=True))
    count = Registration.objects.filter(pk__in=pks).update(
        name="", email="", phone="", note="", anonymised_at=now or timezone.now()
    )
    forget_logged_labels(Registration, pks)
    return count
