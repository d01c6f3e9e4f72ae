"""Geocode business addresses again: after a geocoder outage, an import, or to
refresh everything. Manual pins for the current address are kept."""

from django.core.management.base import BaseCommand
from django.db.models import Q

from directory import map_data
from directory.geocoding import geocode_business
from directory.models import BusinessPage

FIELDS = ("latitude", "longitude", "location_source", "geocode_status", "geocoded_address")
BAR_WIDTH = 30


class Command(BaseCommand):
    help = "Findet Geschäfte anhand ihrer Adresse auf der Karte (geopy, mit Cache)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--only-missing",
            action="store_true",
            help="Nur Geschäfte ohne Position oder mit Kartenstatus ungleich „auf der Karte“.",
        )

    def handle(self, *args, only_missing=False, **options):
        pages = BusinessPage.objects.select_related("district").order_by("pk")
        if only_missing:
            pages = pages.filter(
                Q(latitude__isnull=True)
                | Q(longitude__isnull=True)
                | ~Q(geocode_status=BusinessPage.GeocodeStatus.OK)
            )
        total = pages.count()
        counts = {status: 0 for status in BusinessPage.GeocodeStatus.values}
        for number, page in enumerate(pages.iterator(), start=1):
            status = geocode_business(page, force=not only_missing, retry_not_found=True)
            counts[status] = counts.get(status, 0) + 1
            self._store(page)
            self._progress(number, total)
        if total:
            self.stdout.write("")
        map_data.invalidate_geojson()
        Status = BusinessPage.GeocodeStatus
        self.stdout.write(
            f"Geprüft: {total}. auf der Karte: {counts[Status.OK]}, "
            f"nicht gefunden: {counts[Status.FAILED]}, "
            f"außerhalb: {counts[Status.OUTSIDE]}, "
            f"später erneut versuchen: {counts[Status.PENDING]}."
        )

    def _store(self, page):
        values = {name: getattr(page, name) for name in FIELDS}
        BusinessPage.objects.filter(pk=page.pk).update(**values)
        # Keep a newer draft in step, so that publishing it does not undo this.
        revision = page.latest_revision
        if revision is not None and page.has_unpublished_changes:
            content = dict(revision.content)
            for name, value in values.items():
                content[name] = None if value is None else str(value)
            revision.content = content
            revision.save(update_fields=["content"])

    def _progress(self, number, total):
        done = int(BAR_WIDTH * number / total) if total else BAR_WIDTH
        bar = "#" * done + "." * (BAR_WIDTH - done)
        self.stdout.write(f"\r[{bar}] {number}/{total}", ending="")
        self.stdout.flush()
