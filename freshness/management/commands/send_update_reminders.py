"""Daily: "Stimmen Ihre Angaben noch?" to owners of profiles not confirmed
for UPDATE_REMINDER_DAYS (README, "Freshness loop")."""

from django.core.management.base import BaseCommand

from freshness.reminders import due_reminders, send_reminder


class Command(BaseCommand):
    help = "Emails owners whose profile was not confirmed for UPDATE_REMINDER_DAYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list who would get one; send nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        due = due_reminders()
        for business, owner in due:
            if not dry_run:
                send_reminder(business, owner)
            self.stdout.write(f"{business.title} (#{business.pk}) -> {owner.email}")
        verb = "would be sent" if dry_run else "sent"
        self.stdout.write(f"{len(due)} reminder(s) {verb}.")
