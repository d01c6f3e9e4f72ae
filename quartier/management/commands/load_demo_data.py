"""Loads the demo content of every app, in the order their pages depend on
each other: the core's pages, the directory, the blog (campaigns name
businesses), the jobs board, then translations (of pages the apps created)
and the demo users with their businesses. Like the URLconf, this command is a
composition root: it is the one place in the core that imports the apps."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from blog import demo as blog_demo
from directory import demo as directory_demo
from jobs import demo as jobs_demo
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
        load(self.stdout, with_users=with_users, site_url=options["site_url"])
        self.stdout.write(self.style.SUCCESS("Demo-Inhalte geladen."))


@transaction.atomic
def load(stdout, with_users=True, site_url=None):
    home = demo.load(stdout, site_url=site_url)
    directory_demo.load(home, stdout)
    blog_demo.load(home, stdout)
    jobs_demo.load(home, stdout)
    directory_demo.load_text_translations(stdout)
    directory_demo.load_tag_translations(stdout)
    demo.load_page_translations(home, stdout)
    if with_users:
        users = demo.ensure_users(stdout)
        directory_demo.assign_owners(users, demo.demo_ownership(), stdout)
    return home
