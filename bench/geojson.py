"""Benchmark (not a test): GET /api/businesses.geojson with 10,000 businesses.

Creates a throwaway SQLite database, fills it with N businesses (bulk inserts
under one directory page), then times the endpoint through Django's test
client, cold (cache cleared before every request) and warm, and prints the
gzipped size. Usage:

    .venv/bin/python bench/geojson.py [--businesses 10000] [--repeat 15]
"""

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def percentile(values, share):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--businesses", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="quartier-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.settings.test")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from wagtail.models import Page, Site

    from directory.models import BusinessPage, Category, DirectoryIndexPage, District

    setup_test_environment()
    print(f"Database: {workdir}/bench.sqlite3 (throwaway)")
    call_command("migrate", verbosity=0)
    home = Site.objects.get(is_default_site=True).root_page.specific
    district = District.objects.create(
        name="Hochfeld",
        slug="hochfeld",
        city="Duisburg",
        centre_latitude=Decimal("51.4206"),
        centre_longitude=Decimal("6.7578"),
    )
    categories = [
        Category.objects.create(name=f"Kategorie {n}", slug=f"kategorie-{n}", colour="#1f5f8b")
        for n in range(12)
    ]
    directory = DirectoryIndexPage(title="Verzeichnis", slug="verzeichnis")
    home.add_child(instance=directory)

    start = time.perf_counter()
    hours = ["Mo-Fr 09:00-18:00; Sa 10:00-14:00", "Mo-Sa 08:00-20:00", "Tu-Su 11:00-22:00", ""]
    depth = directory.depth + 1
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    content_type = ContentType.objects.get_for_model(BusinessPage)
    pages = []
    for n in range(args.businesses):
        slug = f"geschaeft-{n}"
        pages.append(
            Page(
                title=f"Geschäft Nummer {n}",
                draft_title=f"Geschäft Nummer {n}",
                slug=slug,
                path=Page._get_path(directory.path, depth, n + 1),
                depth=depth,
                numchild=0,
                url_path=f"{directory.url_path}{slug}/",
                live=True,
                locale_id=directory.locale_id,
                content_type=content_type,
            )
        )
    with transaction.atomic():
        Page.objects.bulk_create(pages, batch_size=500)
        # multi-table inheritance: the BusinessPage rows, parents already saved
        for n, page in enumerate(pages):
            BusinessPage(
                page_ptr_id=page.pk,
                category=categories[n % len(categories)],
                district=district,
                street="Wanheimer Straße",
                house_number=str(n % 300 + 1),
                postcode="47053",
                city="Duisburg",
                latitude=Decimal(f"{51.41 + (n % 100) * 0.0002:.6f}"),
                longitude=Decimal(f"{6.745 + (n // 100) * 0.0003:.6f}"),
                opening_hours=hours[n % len(hours)],
                geocode_status="ok",
            ).save_base(raw=True)
    Page.objects.filter(pk=directory.pk).update(numchild=len(pages))
    print(f"Created {len(pages)} businesses in {time.perf_counter() - start:.1f} s")

    client = Client()
    url = "/api/businesses.geojson"

    def timed():
        begin = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - begin) * 1000
        assert response.status_code == 200, response.status_code
        return elapsed, response.content

    cold = []
    for _ in range(args.repeat):
        cache.clear()
        elapsed, body = timed()
        cold.append(elapsed)
    timed()
    warm = [timed()[0] for _ in range(args.repeat)]
    # warm base data, but a new minute (open-now recomputed, body rebuilt)
    from directory import map_views

    rebuild = []
    for _ in range(args.repeat):
        for key in list(getattr(cache, "_cache", {})):
            if ":map:geojson:body:" in key:
                cache.delete(key.split(":", 2)[2])
        begin = time.perf_counter()
        client.get(url)
        rebuild.append((time.perf_counter() - begin) * 1000)

    features = body.count(b'"type":"Feature"')
    size = len(body)
    gzipped = len(gzip.compress(body, compresslevel=6))
    print(f"Features: {features}")
    for label, values in (
        ("cold (empty cache)", cold),
        ("warm (cached body)", warm),
        ("new minute (cached rows, open-now recomputed)", rebuild),
    ):
        print(
            f"{label:48} p50 {statistics.median(values):7.1f} ms   "
            f"p95 {percentile(values, 0.95):7.1f} ms"
        )
    print(f"Size: {size / 1024:.0f} KiB raw, {gzipped / 1024:.0f} KiB gzipped")
    print(f"Targets: < 200 ms, < 500 KB gzipped ({map_views.__name__})")


if __name__ == "__main__":
    main()
