from django.core.management.base import BaseCommand

from quartier import counters


class Command(BaseCommand):
    help = (
        "Writes the profile views and contact clicks counted in Redis to the database "
        "now, instead of with the first request after COUNTER_FLUSH_SECONDS (for cron, "
        "or before a backup). Without Redis each web process keeps its own counts and "
        "writes them itself: this command then has nothing to write."
    )

    def handle(self, *args, **options):
        written = counters.flush()
        if counters.shared_client() is None:
            self.stdout.write("No Redis cache (REDIS_URL): counts are written by each web process.")
        self.stdout.write(f"{written} count(s) written.")
