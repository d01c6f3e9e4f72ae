"""Django-side helpers of bench/run.py, run as a subprocess with the
benchmark's environment (settings, database):

    python bench/django_helpers.py load N        # add N generated businesses, fast
    python bench/django_helpers.py urls          # JSON: the URLs to measure
    python bench/django_helpers.py queries URL…  # JSON: SQL queries and bytes per URL
    python bench/django_helpers.py publish SECONDS INTERVAL   # publish a page now and then
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
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.models import Page  # noqa: E402

from directory.models import (  # noqa: E402
    BusinessPage,
    Category,
    DirectoryIndexPage,
    District,
    MapPage,
)

STREETS = ["Wanheimer Straße", "Weseler Straße", "Kaiser-Wilhelm-Straße", "Brückenplatz"]
WORDS = ["Salon", "Bäckerei", "Kiosk", "Imbiss", "Kuaför", "Markt", "Laden", "Atelier"]
HOURS = ["Mo-Fr 09:00-18:00; Sa 10:00-14:00", "Mo-Sa 08:00-20:00", "Tu-Su 11:00-22:00", ""]
BATCH = 500


def load(count):
    """Creates `count` business pages with two bulk INSERTs per batch (the
    Page row and the BusinessPage row) instead of one tree operation each.
    The tree paths are computed as treebeard would."""
    rng = random.Random(42)
    directory = DirectoryIndexPage.objects.first()
    districts = list(District.objects.all())
    categories = list(Category.objects.all())
    content_type = ContentType.objects.get_for_model(BusinessPage)
    now = timezone.now()
    start = directory.numchild
    last = directory.get_last_child()
    step = start
    if last is not None:
        step = Page._str2int(last.path[-Page.steplen :])
    fields = [f for f in BusinessPage._meta.local_concrete_fields]
    created = 0
    while created < count:
        size = min(BATCH, count - created)
        pages = []
        for offset in range(size):
            number = created + offset + 1
            step += 1
            title = f"{rng.choice(WORDS)} Bench {number}"
            slug = f"bench-{number}-{uuid.uuid4().hex[:6]}"
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    path=Page._get_path(directory.path, directory.depth + 1, step),
                    depth=directory.depth + 1,
                    numchild=0,
                    url_path=f"{directory.url_path}{slug}/",
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    locale_id=directory.locale_id,
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
    Page.objects.filter(pk=directory.pk).update(numchild=directory.numchild + count)
    return created


def urls():
    directory = DirectoryIndexPage.objects.live().first()
    business = BusinessPage.objects.live().order_by("pk").first()
    map_page = MapPage.objects.live().first()
    return {
        "home": "/",
        "directory listing": directory.url,
        "profile": business.url,
        "map page": map_page.url,
        "GeoJSON API": "/api/businesses.geojson",
        "search API": "/api/search/?q=friseur",
    }


def queries(paths):
    result = {}
    for path in paths:
        client = Client(HTTP_HOST="127.0.0.1")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, HTTP_COOKIE="sessionid=bench-bypasses-page-cache")
        result[path] = {
            "status": response.status_code,
            "queries": len(captured.captured_queries),
            "bytes": len(response.content),
        }
    return result


def publish(seconds, interval):
    """Publishes a new revision of one business now and then, as an editor would."""
    business = BusinessPage.objects.live().order_by("-pk").first()
    print("ready", flush=True)  # Django is set up: the load run may start
    deadline = time.monotonic() + seconds
    count = 0
    while time.monotonic() < deadline:
        business.tagline = f"Aktualisiert {timezone.now():%H:%M:%S}"
        business.save_revision().publish()
        count += 1
        time.sleep(interval)
    return count


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "load":
        print(json.dumps({"created": load(int(args[0]))}))
    elif command == "urls":
        print(json.dumps(urls()))
    elif command == "queries":
        print(json.dumps(queries(args)))
    elif command == "publish":
        print(json.dumps({"published": publish(float(args[0]), float(args[1]))}))
    else:
        raise SystemExit(f"unknown command {command}")
