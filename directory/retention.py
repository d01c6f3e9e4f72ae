"""How long claims keep the claimant's name, email and phone."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from quartier.audit import forget_logged_labels

from .models import BusinessClaim


def claims_to_purge(days=None, now=None):
    """Handled claims (status no longer "new") that arrived `days` days or
    more ago; new claims wait for the coordination team, however old."""
    days = settings.CLAIM_RETENTION_DAYS if days is None else days
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    return BusinessClaim.objects.exclude(status=BusinessClaim.Status.NEW).filter(
        created_at__lte=cutoff
    )


@transaction.atomic
def purge_claims(queryset):
    """Deletes the claims and the names their audit log entries carry."""
    pks = list(queryset.values_list("pk", flat=True))
    count, _per_model = BusinessClaim.objects.filter(pk__in=pks).delete()
    forget_logged_labels(BusinessClaim, pks)
    return count
