"""Django-side helpers of bench/run.py, run as a subprocess with the
benchmark's environment (settings, database):

    python bench/django_helpers.py load N        # add N generated businesses, fast
    python bench/django_helpers.py urls          # JSON: the URLs to measure
    python bench/django_helpers.py queries URL…  # JSON: SQL queries and bytes per URL
    python bench/django_helpers.py publish SECONDS INTERVAL   # publish a page now and then
    python bench/django_helpers.py publish-counting SECONDS INTERVAL  # …and count the failures
"""

import json
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Page  # noqa: E402

from blog.models import CampaignPage, NewsIndexPage, WorkshopPage  # noqa: E402
from directory.models import (  # noqa: E402
    BusinessPage,
    Category,
    DirectoryIndexPage,
    District,
    MapPage,
)
from jobs.models import JobsIndexPage  # noqa: E402
from quartier.i18n import in_source_locale  # noqa: E402

STREETS = ["Wanheimer Straße", "Weseler Straße", "Kaiser-Wilhelm-Straße", "Brückenplatz"]
WORDS = ["Salon", "Bäckerei", "Kiosk", "Imbiss", "Kuaför", "Markt", "Laden", "Atelier"]
HOURS = ["Mo-Fr 09:00-18:00; Sa 10:00-14:00", "Mo-Sa 08:00-20:00", "Tu-Su 11:00-22:00", ""]
BATCH = 500


class Children:
    """Bulk-adds child pages under `parent`, with the tree paths that treebeard
    would compute."""

    def __init__(self, parent):
        self.parent = parent
        last = parent.get_last_child()
        self.step = Page._str2int(last.path[-Page.steplen :]) if last is not None else 0
        self.added = 0

    def page(self, **fields):
        self.step += 1
        self.added += 1
        slug = fields["slug"]
        return Page(
            path=Page._get_path(self.parent.path, self.parent.depth + 1, self.step),
            depth=self.parent.depth + 1,
            numchild=0,
            url_path=f"{self.parent.url_path}{slug}/",
            locale_id=self.parent.locale_id,
            **fields,
        )

    def finish(self):
        Page.objects.filter(pk=self.parent.pk).update(numchild=self.parent.numchild + self.added)


def load(count):
    """Creates `count` business pages (one page per business, in the German
    tree, as on a real site) with bulk INSERTs (the Page rows, then the
    BusinessPage rows) instead of one tree operation each."""
    rng = random.Random(42)
    directory = in_source_locale(DirectoryIndexPage.objects.all()).first()
    originals = Children(directory)
    districts = list(District.objects.all())
    categories = list(Category.objects.all())
    content_type = ContentType.objects.get_for_model(BusinessPage)
    now = timezone.now()
    fields = list(BusinessPage._meta.local_concrete_fields)
    created = 0
    while created < count:
        size = min(BATCH, count - created)
        pages = []
        for offset in range(size):
            number = created + offset + 1
            title = f"{rng.choice(WORDS)} Bench {number}"
            pages.append(
                originals.page(
                    title=title,
                    draft_title=title,
                    slug=f"bench-{number}-{uuid.uuid4().hex[:6]}",
                    content_type=content_type,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    translation_key=uuid.uuid4(),
                    show_in_menus=False,
                )
            )
        with transaction.atomic():
            Page.objects.bulk_create(pages)
            businesses = []
            for page in pages:
                district = rng.choice(districts)
                business = BusinessPage(
                    page_ptr_id=page.pk,
                    tagline="Generiert für den Lasttest",
                    description="<p>Ein erfundenes Geschäft für den Lasttest.</p>",
                    category=rng.choice(categories),
                    district=district,
                    street=rng.choice(STREETS),
                    house_number=str(rng.randint(1, 200)),
                    postcode=district.postcodes.split(",")[0].strip() or "47053",
                    city=district.city,
                    latitude=round(float(district.centre_latitude) + rng.uniform(-0.006, 0.006), 6),
                    longitude=round(
                        float(district.centre_longitude) + rng.uniform(-0.009, 0.009), 6
                    ),
                    location_source=BusinessPage.LocationSource.IMPORTED,
                    geocode_status=BusinessPage.GeocodeStatus.OK,
                    opening_hours=rng.choice(HOURS),
                    status=BusinessPage.Status.ACTIVE,
                )
                businesses.append(business)
            BusinessPage._base_manager._insert(businesses, fields=fields, raw=True)
        created += size
    originals.finish()
    # Fresh planner statistics, as PostgreSQL's autovacuum gathers them within a
    # minute of a bulk load (without them it picks nested loops over 60,000 rows).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return created


def urls():
    """The public pages to measure, by kind; `profiles` are more business
    profiles for the mixed load of the reliability run (the last one is the
    business that `publish` publishes)."""
    directory = DirectoryIndexPage.objects.live().filter(alias_of__isnull=True).first()
    originals = BusinessPage.objects.live().filter(alias_of__isnull=True)
    business = originals.order_by("pk").first()
    district = District.objects.order_by("pk").first()
    category = Category.objects.order_by("pk").first()
    map_page = MapPage.objects.live().filter(alias_of__isnull=True).first()
    first = {
        model.__name__: model.objects.live().filter(alias_of__isnull=True).order_by("pk").first()
        for model in (WorkshopPage, CampaignPage, NewsIndexPage, JobsIndexPage)
    }
    profiles = [page.url for page in originals.order_by("-pk")[:19]][::-1]
    pages = {
        "home": "/",
        "listing": directory.url,
        "listing with filters": (
            f"{directory.url}?district={district.slug}&category={category.slug}&open_now=1"
        ),
        "profile": business.url,
        # The other languages route German pages through their translated trees.
        "home (Turkish)": "/tr/",
        "profile (Arabic)": "/ar" + business.url,
        "map page": map_page.url,
        "workshop": first["WorkshopPage"].url,
        "campaign": first["CampaignPage"].url,
        "news": first["NewsIndexPage"].url,
        "jobs board": first["JobsIndexPage"].url,
        "search page": reverse("search") + "?q=friseur",
        "search API": "/api/search/?q=friseur",
    }
    return {"pages": pages, "profiles": profiles}


def queries(paths):
    """SQL per rendered request (page cache bypassed): `queries` with the main
    content cached (a second visit), `fresh` rendered from scratch."""
    result = {}
    for path in paths:
        counts = {}
        for label, fragments in (("fresh", False), ("queries", True)):
            with override_settings(
                CONTENT_FRAGMENT_CACHE=fragments, SEARCH_RESULTS_CACHE=fragments
            ):
                client = Client(HTTP_HOST="127.0.0.1")
                client.get(path, HTTP_COOKIE="sessionid=bench-bypasses-page-cache")  # warm
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path, HTTP_COOKIE="sessionid=bench-bypasses-page-cache")
            counts[label] = len(captured.captured_queries)
        result[path] = {"status": response.status_code, "bytes": len(response.content), **counts}
    return result


def publish(seconds, interval):
    """Publishes a new revision of one business now and then, as an editor would."""
    business = BusinessPage.objects.live().filter(alias_of__isnull=True).order_by("-pk").first()
    print("ready", flush=True)  # Django is set up: the load run may start
    deadline = time.monotonic() + seconds
    count = 0
    while time.monotonic() < deadline:
        business.tagline = f"Aktualisiert {timezone.now():%H:%M:%S}"
        business.save_revision().publish()
        count += 1
        time.sleep(interval)
    return count


def publish_counting(seconds, interval):
    """As publish(), but a failed publication (say "database is locked") is
    counted and the next one tried, as the team would try again."""
    business = BusinessPage.objects.live().order_by("-pk").first()
    print("ready", flush=True)
    deadline = time.monotonic() + seconds
    published, failed, errors = 0, 0, []
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            business.tagline = f"Aktualisiert {timezone.now():%H:%M:%S}"
            business.save_revision().publish()
            published += 1
        except Exception as error:  # noqa: BLE001  (counted and reported, not raised)
            failed += 1
            errors.append(f"{type(error).__name__}: {error}"[:120])
            business = BusinessPage.objects.get(pk=business.pk)
        time.sleep(max(0.0, interval - (time.monotonic() - started)))
    return {"published": published, "failed": failed, "errors": sorted(set(errors))}


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "load":
        print(json.dumps({"created": load(int(args[0]))}))
    elif command == "urls":
        print(json.dumps(urls()))
    elif command == "queries":
        print(json.dumps(queries(args)))
    elif command == "publish-counting":
        print(json.dumps(publish_counting(float(args[0]), float(args[1]))))
    elif command == "publish":
        print(json.dumps({"published": publish(float(args[0]), float(args[1]))}))
    else:
        raise SystemExit(f"unknown command {command}")
