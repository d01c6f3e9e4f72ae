from django.conf import settings
from django.core.management.base import BaseCommand

from quartier import demo


class Command(BaseCommand):
    help = (
        "Loads demo content for Duisburg-Hochfeld and -Marxloh (districts, businesses, "
        "campaigns, workshops, news, demo users). Idempotent and offline."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-users",
            action="store_true",
            help="Do not create the demo users (always the case when DEBUG is off, "
            "unless --allow-demo-users is given).",
        )
        parser.add_argument(
            "--allow-demo-users",
            action="store_true",
            help="Create demo users with known passwords even when DEBUG is off.",
        )

        parser.add_argument(
            "--site-url",
            help="Public address of the site, e.g. http://127.0.0.1:8001: sets the default "
            "Site's hostname and port (default: BASE_URL if set, else the Site is kept).",
        )

    def handle(self, *args, **options):
        with_users = not options["no_users"] and (settings.DEBUG or options["allow_demo_users"])
        demo.load(self.stdout, with_users=with_users, site_url=options["site_url"])
        self.stdout.write(self.style.SUCCESS("Demo-Inhalte geladen."))
