from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from blog.registration import anonymise, registrations_to_purge


class Command(BaseCommand):
    help = (
        "Anonymise workshop registrations (name, email, phone, note) a number of days "
        "after the workshop's last date ended. Run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days after the workshop (default: REGISTRATION_RETENTION_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count, change nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is None:
            days = settings.REGISTRATION_RETENTION_DAYS
        if days < 0:
            raise CommandError("--days must not be negative.")
        queryset = registrations_to_purge(days)
        if dry_run:
            self.stdout.write(f"{queryset.count()} registrations would be anonymised.")
            return
        count = anonymise(queryset)
        self.stdout.write(f"{count} registrations anonymised (older than {days} days).")
