from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jobs.interest import anonymise, interests_to_purge


class Command(BaseCommand):
    help = (
        "Anonymise residents' interest in positions (name, phone, email, languages, notes) "
        "a number of days after it came in; the counts stay. Run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days after the request came in (default: JOB_INTEREST_RETENTION_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count, change nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is None:
            days = settings.JOB_INTEREST_RETENTION_DAYS
        if days < 0:
            raise CommandError("--days must not be negative.")
        queryset = interests_to_purge(days)
        if dry_run:
            self.stdout.write(f"{queryset.count()} interest requests would be anonymised.")
            return
        count = anonymise(queryset)
        self.stdout.write(f"{count} interest requests anonymised (older than {days} days).")
