"""One shape for the commands that purge personal data after a retention
period (registrations, claims, interest in positions): `--days` (default: a
setting), `--dry-run`, a count either way. Run daily from cron."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class RetentionCommand(BaseCommand):
    setting = ""  # name of the setting with the default number of days
    days_help = ""  # what the days are counted from
    would_message = ""  # "{count} … would be …"
    done_message = ""  # "{count} … (older than {days} days)."

    def select(self, days):
        """The rows past their retention period (a queryset)."""
        raise NotImplementedError

    def purge(self, queryset):
        """Anonymises or deletes them; returns how many."""
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help=f"{self.days_help} (default: {self.setting})."
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count, change nothing.")

    def handle(self, *args, days=None, dry_run=False, **options):
        if days is None:
            days = getattr(settings, self.setting)
        if days < 0:
            raise CommandError("--days must not be negative.")
        queryset = self.select(days)
        if dry_run:
            self.stdout.write(self.would_message.format(count=queryset.count(), days=days))
            return
        count = self.purge(queryset)
        self.stdout.write(self.done_message.format(count=count, days=days))
