"""Benchmark (not a test): search latency with 10,000 businesses.

Creates a throwaway SQLite database, loads the demo categories and districts
and N generated businesses (bulk inserts), rebuilds the search indexes, then
times GET /api/search/ and /api/search/suggest/ for typical resident queries
through Django's test client and reports p50/p95 latency and SQL queries per
request, for every available backend (the database always; Elasticsearch
when ELASTICSEARCH_URL is set). Usage:

    .venv/bin/python bench/search.py [--businesses 10000] [--repeat 10]
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUERIES = [
    ("search", {"q": "kuafor"}),
    ("search", {"q": "backerei"}),
    ("search", {"q": "handy reparatur"}),
    ("search", {"q": "friseur", "district": "marxloh"}),
    ("search", {"q": "apotheke", "open_now": "1"}),
    ("search", {"q": "schneiderei", "near": "51.4206,6.7578", "sort": "distance"}),
    ("search", {"q": "hairdresser", "page": "3"}),
    ("search", {"q": "xylophonbau"}),  # nothing found: did-you-mean
    ("suggest", {"q": "kua"}),
    ("suggest", {"q": "bäc"}),
]
NAMES = [
    ("friseur", ["Kuaför", "Salon", "Barbier", "Friseur"]),
    ("baeckerei", ["Bäckerei", "Fırın", "Backstube"]),
    ("elektronik", ["Handyreparatur", "Handy-Shop", "Telefon"]),
    ("schneiderei", ["Änderungsschneiderei", "Terzi", "Schneiderei"]),
    ("apotheke", ["Apotheke", "Eczane"]),
    ("lebensmittel", ["Market", "Supermarkt", "Obst und Gemüse"]),
    ("gastronomie", ["Imbiss", "Döner", "Lokanta", "Café"]),
    ("juwelier", ["Juwelier", "Kuyumcu"]),
]
SURNAMES = ["Yıldız", "Müller", "Öztürk", "Schäfer", "Ionescu", "Petrov", "Şahin", "Kaya"]
HOURS = ["Mo-Fr 09:00-18:00; Sa 10:00-14:00", "Mo-Sa 08:00-20:00", "24/7", ""]
BATCH = 500


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def load_businesses(count):
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from wagtail.models import Page, Site

    from directory.demo import load_reference_data
    from directory.models import BusinessPage, Category, DirectoryIndexPage, District, Language

    load_reference_data()
    home = Site.objects.get(is_default_site=True).root_page.specific
    directory = DirectoryIndexPage(title="Verzeichnis", slug="verzeichnis")
    home.add_child(instance=directory)
    categories = {category.slug: category for category in Category.objects.all()}
    districts = list(District.objects.all())
    languages = list(Language.objects.all())
    content_type = ContentType.objects.get_for_model(BusinessPage)
    rng = random.Random(6)
    fields = list(BusinessPage._meta.local_concrete_fields)
    depth = directory.depth + 1
    created = 0
    while created < count:
        size = min(BATCH, count - created)
        pages, rows = [], []
        for number in range(created + 1, created + size + 1):
            slug_key, words = rng.choice(NAMES)
            title = f"{rng.choice(words)} {rng.choice(SURNAMES)} {number}"
            slug = f"geschaeft-{number}"
            pages.append(
                Page(
                    title=title,
                    draft_title=title,
                    slug=slug,
                    content_type=content_type,
                    path=Page._get_path(directory.path, depth, number),
                    depth=depth,
                    numchild=0,
                    url_path=f"{directory.url_path}{slug}/",
                    live=True,
                    locale_id=directory.locale_id,
                    translation_key=uuid.uuid4(),
                )
            )
            rows.append((slug_key, rng.choice(districts)))
        with transaction.atomic():
            Page.objects.bulk_create(pages)
            businesses = []
            for page, (slug_key, district) in zip(pages, rows, strict=True):
                businesses.append(
                    BusinessPage(
                        page_ptr_id=page.pk,
                        tagline="Ein erfundenes Geschäft für den Lasttest",
                        category=categories.get(slug_key) or rng.choice(list(categories.values())),
                        district=district,
                        street="Wanheimer Straße",
                        house_number=str(rng.randint(1, 200)),
                        postcode="47053",
                        city="Duisburg",
                        latitude=round(
                            float(district.centre_latitude) + rng.uniform(-0.006, 0.006), 6
                        ),
                        longitude=round(
                            float(district.centre_longitude) + rng.uniform(-0.009, 0.009), 6
                        ),
                        opening_hours=rng.choice(HOURS),
                        status=BusinessPage.Status.ACTIVE,
                    )
                )
            BusinessPage._base_manager._insert(businesses, fields=fields, raw=True)
            through = BusinessPage.languages.through
            through.objects.bulk_create(
                [
                    through(
                        businesspage_id=business.page_ptr_id, language_id=rng.choice(languages).pk
                    )
                    for business in businesses
                ]
            )
        created += size
    Page.objects.filter(pk=directory.pk).update(numchild=count)
    return created


def measure(client, repeat):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = []
    for kind, params in QUERIES:
        url = "/api/search/" if kind == "search" else "/api/search/suggest/"
        timings, queries, backend = [], [], "?"
        for _ in range(repeat):
            cache.clear()
            with CaptureQueriesContext(connection) as context:
                start = time.perf_counter()
                response = client.get(url, params)
                timings.append((time.perf_counter() - start) * 1000)
            queries.append(len(context))
            assert response.status_code == 200, response.content[:300]
            data = response.json()
            backend = data.get("backend", "-")
        count = data.get("count", len(data.get("suggestions", [])))
        rows.append((url, params, count, timings, max(queries), backend))
    return rows


def report(label, rows):
    print(f"\n## {label}")
    print(f"{'request':<62} {'hits':>6} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for url, params, count, timings, queries, _backend in rows:
        shown = url + "?" + "&".join(f"{key}={value}" for key, value in params.items())
        print(
            f"{shown[:62]:<62} {count:>6} {statistics.median(timings):>8.1f} "
            f"{percentile(timings, 0.95):>8.1f} {queries:>8}"
        )
    everything = [value for row in rows for value in row[3]]
    print(
        f"{'all requests':<62} {'':>6} {statistics.median(everything):>8.1f} "
        f"{percentile(everything, 0.95):>8.1f}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--businesses", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="quartier-bench-search-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "quartier.settings.test")
    elasticsearch_url = os.environ.get("ELASTICSEARCH_URL", "")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ELASTICSEARCH_URL = None  # while loading: no index task per page
    print(f"Database: {workdir}/bench.sqlite3 (throwaway)")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    created = load_businesses(args.businesses)
    print(f"Loaded {created} businesses in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    call_command("rebuild_search_index", "--no-progress", verbosity=0)
    print(f"Database indexes rebuilt in {time.perf_counter() - start:.1f} s")

    client = Client()
    report(f"database backend ({created} businesses, SQLite)", measure(client, args.repeat))

    if elasticsearch_url:
        settings.ELASTICSEARCH_URL = elasticsearch_url
        settings.ELASTICSEARCH_INDEX_PREFIX = "quartier_bench"
        start = time.perf_counter()
        call_command("rebuild_search_index", "--no-progress", "--skip-wagtail", verbosity=0)
        print(f"\nElasticsearch index rebuilt in {time.perf_counter() - start:.1f} s")
        report(f"elasticsearch backend ({created} businesses)", measure(client, args.repeat))
    else:
        print("\nElasticsearch: skipped (ELASTICSEARCH_URL is not set)")


if __name__ == "__main__":
    main()
