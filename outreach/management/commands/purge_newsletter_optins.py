from django.conf import settings
from django.core.management.base import BaseCommand

from outreach.subscriptions import purge_expired


class Command(BaseCommand):
    help = (
        "Deletes newsletter opt-ins not confirmed within NEWSLETTER_CONFIRM_DAYS "
        "(send_digest does it too; run this daily so none outlives its link by long)."
    )

    def handle(self, *args, **options):
        deleted = purge_expired()
        self.stdout.write(
            f"{deleted} unconfirmed opt-in(s) older than {settings.NEWSLETTER_CONFIRM_DAYS} "
            "day(s) deleted."
        )
