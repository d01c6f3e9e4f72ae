from django.core.management.base import BaseCommand

from outreach.digest import send_digest


class Command(BaseCommand):
    help = (
        "Sends the weekly newsletter digest (what is new since the last one) to every "
        "confirmed subscriber, nothing when nothing is new; deletes expired opt-ins. Run by cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count recipients; send and record nothing."
        )

    def handle(self, *args, dry_run, **options):
        result = send_digest(dry_run=dry_run)
        if result.failed:
            self.stderr.write(f"{result.failed} digest(s) could not be sent; see the log.")
        prefix = "Dry run: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{result.items} new item(s), {result.recipients} recipient(s), "
            f"{result.failed} failed, {result.purged} expired opt-in(s) deleted."
        )
