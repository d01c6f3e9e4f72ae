from django.core.management.base import BaseCommand
from django.utils import timezone

from directory.hours import refresh_opening_states
from directory.models import BusinessPage


class Command(BaseCommand):
    help = (
        "Recompute the stored 'open now' state of every business (after changing "
        "HOLIDAYS_COUNTRY/HOLIDAYS_SUBDIVISION or TIME_ZONE). Not needed otherwise: "
        "queries refresh what has changed by themselves."
    )

    def handle(self, *args, **options):
        BusinessPage.objects.update(hours_checked_at=None)
        count = refresh_opening_states(BusinessPage.objects.all(), timezone.now())
        self.stdout.write(f"{count} businesses refreshed.")
