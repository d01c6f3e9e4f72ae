from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from directory.retention import claims_to_purge, purge_claims


class Command(BaseCommand):
    help = (
        "Delete handled business claims (name, email, phone, message) a number of days "
        "after they arrived, with their audit log labels. Run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days after the claim arrived (default: CLAIM_RETENTION_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count, change nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is None:
            days = settings.CLAIM_RETENTION_DAYS
        if days < 0:
            raise CommandError("--days must not be negative.")
        queryset = claims_to_purge(days)
        if dry_run:
            self.stdout.write(f"{queryset.count()} claims would be deleted.")
            return
        count = purge_claims(queryset)
        self.stdout.write(f"{count} claims deleted (handled, older than {days} days).")
