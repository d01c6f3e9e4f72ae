"""Rebuilds the search indexes: the database backend's folded text table
always, Wagtail's own index (update_index), and with ELASTICSEARCH_URL set a
fresh Elasticsearch index that replaces the old one by an alias swap, so
search keeps answering during the rebuild."""

import itertools
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from quartier.cache import note_change
from search.backends.base import BackendUnavailable
from search.backends.elasticsearch import (
    ElasticsearchBackend,
    alias_name,
    position_document,
    to_document,
)
from search.indexing import (
    count_visible_pages,
    iter_visible_pages,
    iter_visible_positions,
    rebuild_search_text,
)
from search.models import SearchText
from search.types import available_types, position_type


class Progress:
    """A plain text progress bar ("[#####-----] 50% 5/10") on stderr-like output."""

    def __init__(self, stream, total, label, width=30, enabled=True):
        self.stream, self.total, self.label, self.width = stream, max(total, 0), label, width
        self.done = 0
        self.enabled = enabled

    def __call__(self):
        self.done += 1
        if self.enabled and (self.done == self.total or self.done % 100 == 0):
            self.draw()

    def draw(self):
        share = self.done / self.total if self.total else 1
        filled = int(share * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(
            f"\r{self.label} [{bar}] {share:4.0%} {self.done}/{self.total}", ending=""
        )
        self.stream.flush()

    def finish(self):
        if self.enabled:
            self.draw()
            self.stream.write("")


class Command(BaseCommand):
    help = (
        "Rebuilds the search indexes (database text table, Wagtail's index and, with "
        "ELASTICSEARCH_URL set, the Elasticsearch index with an alias swap)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar (e.g. in logs)."
        )
        parser.add_argument(
            "--skip-wagtail",
            action="store_true",
            help="Do not run Wagtail's update_index (its index serves the admin search).",
        )

    def handle(self, *args, no_progress=False, skip_wagtail=False, verbosity=1, **options):
        show = not no_progress and verbosity > 0 and sys.stdout.isatty()
        total = sum(t.source_pages().count() for t in available_types())
        total += position_type().source_positions().count()
        progress = Progress(self.stdout, total, "Datenbank-Suchtext", enabled=show)
        count = rebuild_search_text(progress)
        progress.finish()
        note_change()
        self.stdout.write(f"Database search text: {count} pages ({SearchText.objects.count()}).")

        if not skip_wagtail:
            call_command("update_index", verbosity=max(verbosity - 1, 0))
            self.stdout.write("Wagtail search index updated.")

        if not settings.ELASTICSEARCH_URL:
            self.stdout.write("ELASTICSEARCH_URL is not set: no Elasticsearch index to rebuild.")
            return

        progress = Progress(self.stdout, count_visible_pages(), "Elasticsearch", enabled=show)
        documents = itertools.chain(
            (to_document(page, page_type) for page, page_type in iter_visible_pages()),
            (position_document(job) for job in iter_visible_positions()),
        )
        try:
            new_index, indexed = ElasticsearchBackend().rebuild(documents, progress=progress)
        except BackendUnavailable as exc:
            raise CommandError(
                f"Elasticsearch at {settings.ELASTICSEARCH_URL} could not be rebuilt: {exc}. "
                "The old index (if any) is still in use."
            ) from exc
        progress.finish()
        note_change()
        self.stdout.write(
            self.style.SUCCESS(
                f"Elasticsearch: {indexed} documents in {new_index}, alias {alias_name()}."
            )
        )
