"""Benchmark (not a test): the search API and suggest with 10,000 businesses,
both backends side by side.

Creates a throwaway SQLite database, loads the demo categories and districts
and N generated businesses (bulk inserts). Then, for each backend (the
database always; Elasticsearch when ELASTICSEARCH_URL is set):

1. times a full `manage.py rebuild_search_index` (database text table,
   Wagtail's index and, for Elasticsearch, the new index with its alias swap)
   with its progress bar drawn, as an operator runs it;
2. starts gunicorn with the production settings on 127.0.0.1 (2 workers per
   CPU, as bench/run.py) and times GET /api/search/ and /api/search/suggest/
   for typical resident queries over HTTP: one connection, then 16 at once.

Prints one markdown table with p50/p95 per backend and the targets. Usage:

    ES_PORT=9201 bash scripts/elasticsearch.sh start
    ELASTICSEARCH_URL=http://127.0.0.1:9201 .venv/bin/python bench/search.py \\
        [--businesses 10000] [--repeat 10] [--connections 16]
"""

import argparse
import http.client
import os
import pty
import random
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import base_env, free_port, wait_until_up  # noqa: E402

PYTHON = sys.executable
SEARCHES = [
    {"q": "kuafor"},
    {"q": "backerei"},
    {"q": "handy reparatur"},
    {"q": "friseur", "district": "marxloh"},
    {"q": "apotheke", "open_now": "1"},
    {"q": "schneiderei", "near": "51.4206,6.7578", "sort": "distance"},
    {"q": "hairdresser", "page": "3"},
    {"q": "fiseur"},  # a typo: Elasticsearch finds it, the database suggests a word
    {"q": "xylophonbau"},  # nothing found: did-you-mean
]
SUGGESTS = [{"q": "kua"}, {"q": "bäc"}, {"q": "han"}, {"q": "ju"}]
# Targets for Elasticsearch (issue #12), in ms and s.
TARGETS = {"search p50": 20, "search p95": 60, "suggest p50": 10, "rebuild": 60}
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


def log(message):
    print(f"# {message}", file=sys.stderr, flush=True)


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


def prepare_database(database_url, businesses):
    """Migrates the throwaway database and fills it (in this process)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "quartier.settings.test"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ELASTICSEARCH_URL = None  # while loading: no index task per page
    call_command("migrate", verbosity=0)
    return load_businesses(businesses)


# Lines rebuild_search_index prints when a phase ends; the Elasticsearch phase is what
# follows the last of them.
PHASE_ENDS = (b"Wagtail search index updated.", b"ELASTICSEARCH_URL is not set")


def timed_rebuild(env):
    """(total, Elasticsearch part) in seconds of `manage.py rebuild_search_index`
    run on a terminal (so it draws its progress bar, echoed to stderr here)."""
    controller, terminal = pty.openpty()
    start = time.perf_counter()
    process = subprocess.Popen(
        [PYTHON, "manage.py", "rebuild_search_index"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=terminal,
        stderr=terminal,
    )
    os.close(terminal)
    output = bytearray()
    phase_end = None
    while True:
        ready, _, _ = select.select([controller], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal closed: the command has ended
                break
            if not chunk:
                break
            output += chunk
            if phase_end is None and any(marker in output for marker in PHASE_ENDS):
                phase_end = time.perf_counter()
            sys.stderr.write(chunk.decode("utf-8", "replace"))
            sys.stderr.flush()
        elif process.poll() is not None:
            break
    process.wait()
    end = time.perf_counter()
    os.close(controller)
    if process.returncode != 0:
        raise SystemExit(f"rebuild_search_index failed:\n{output.decode('utf-8', 'replace')}")
    return end - start, end - (phase_end or end)


def get(port, path, params):
    """Milliseconds of one GET on a new connection (gunicorn's sync workers
    close every connection); the response must be 200."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.perf_counter()
    connection.request("GET", f"{path}?{urlencode(params)}")
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    connection.close()
    if response.status != 200:
        raise SystemExit(f"{path} {params}: {response.status} {body[:300]!r}")
    return elapsed


def answering_backend(port):
    """The backend that answers the search API (Elasticsearch falls back to the
    database when it fails: that must not pass for an Elasticsearch figure)."""
    import json

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/api/search/?q=kuafor")
    data = json.loads(connection.getresponse().read())
    connection.close()
    return data["backend"]


def run_load(port, path, requests, connections, rounds):
    """Latencies (ms) of `rounds` passes over `requests` by each of
    `connections` clients at once, each starting at a different request."""
    timings = []
    lock = threading.Lock()

    def client(offset):
        mine = []
        for number in range(rounds * len(requests)):
            mine.append(get(port, path, requests[(offset + number) % len(requests)]))
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(connections)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings, len(timings) / (time.perf_counter() - start)


def bench_backend(name, env, options):
    log(f"{name}: rebuild_search_index ...")
    rebuild, elasticsearch_part = timed_rebuild(env)
    log(f"{name}: rebuilt in {rebuild:.1f} s (Elasticsearch index: {elasticsearch_part:.1f} s)")
    port = free_port()
    workers = str(max(2, (os.cpu_count() or 1) * 2))
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "quartier.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            workers,
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}")
        answering = answering_backend(port)
        if answering != name:
            raise SystemExit(f"{name}: the search API answered with the {answering} backend")
        for params in SEARCHES:  # warm-up: every worker's first request loads the code
            run_load(port, "/api/search/", [params], int(workers), 1)
        run_load(port, "/api/search/suggest/", SUGGESTS, int(workers), 1)
        result = {"rebuild": rebuild, "rebuild_es": elasticsearch_part, "per_query": {}}
        for params in SEARCHES:
            timings, _rate = run_load(port, "/api/search/", [params], 1, options.repeat)
            result["per_query"][urlencode(params)] = timings
        for label, path, requests in (
            ("search", "/api/search/", SEARCHES),
            ("suggest", "/api/search/suggest/", SUGGESTS),
        ):
            single, _rate = run_load(port, path, requests, 1, options.repeat)
            many, rate = run_load(port, path, requests, options.connections, options.rounds)
            result[label] = {"single": single, "many": many, "rate": rate}
            log(
                f"{name}: {label} p50 {statistics.median(single):.1f} ms (1 connection), "
                f"{statistics.median(many):.1f} ms ({options.connections} connections)"
            )
        return result
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def report(results, options, created):
    names = list(results)
    loads = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average at the end {loads}. "
        f"{created} generated businesses, SQLite, gunicorn "
        f"{max(2, (os.cpu_count() or 1) * 2)} sync workers on {os.cpu_count()} CPUs "
        "(shared with the Elasticsearch node and this client); latencies in ms over HTTP, "
        f"one connection ({options.repeat} passes over the requests) and "
        f"{options.connections} connections at once ({options.rounds} passes each).\n"
    )
    print("| measure | " + " | ".join(names) + " | target (Elasticsearch) |")
    print("|---|" + "---:|" * len(names) + "---:|")

    def row(label, values, target=""):
        print(f"| {label} | " + " | ".join(values) + f" | {target} |")

    for label in ("search", "suggest"):
        for connections, key in ((1, "single"), (options.connections, "many")):
            for share, tag in ((0.5, "p50"), (0.95, "p95")):
                values = [f"{percentile(results[n][label][key], share):.1f}" for n in names]
                target = TARGETS.get(f"{label} {tag}", "") if key == "single" else ""
                row(
                    f"{label} API {tag}, {connections} conn.",
                    values,
                    f"≤ {target}" if target else "",
                )
        row(
            f"{label} requests/s, {options.connections} conn.",
            [f"{results[n][label]['rate']:.0f}" for n in names],
        )
    row(
        "rebuild_search_index, whole command (s)",
        [f"{results[n]['rebuild']:.1f}" for n in names],
        f"≤ {TARGETS['rebuild']}",
    )
    row(
        "… of which the Elasticsearch index (s)",
        [f"{results[n]['rebuild_es']:.1f}" if n == "elasticsearch" else "–" for n in names],
    )
    print("\nPer search request, one connection (p50 / p95 ms):\n")
    print("| request | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for query in results[names[0]]["per_query"]:
        values = []
        for name in names:
            timings = results[name]["per_query"][query]
            values.append(f"{statistics.median(timings):.1f} / {percentile(timings, 0.95):.1f}")
        print(f"| `/api/search/?{query}` | " + " | ".join(values) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--businesses", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=10, help="passes with one connection")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3, help="passes per concurrent connection")
    options = parser.parse_args()

    elasticsearch_url = os.environ.get("ELASTICSEARCH_URL", "")
    with tempfile.TemporaryDirectory(prefix="quartier-bench-search-") as workdir:
        tmp = Path(workdir)
        database_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        start = time.perf_counter()
        created = prepare_database(database_url, options.businesses)
        log(f"loaded {created} businesses in {time.perf_counter() - start:.1f} s")
        log(f"load average {', '.join(f'{value:.1f}' for value in os.getloadavg())}")
        results = {}
        # The engines themselves: every request searches (bench/run.py shows the
        # results cache, search/cache.py, beside this).
        env = {**base_env(tmp, database_url), "SEARCH_RESULTS_CACHE": "false"}
        Path(env["STATIC_ROOT"]).mkdir()  # WhiteNoise warns on every request otherwise
        results["database"] = bench_backend("database", env, options)
        if elasticsearch_url:
            env = {
                **env,
                "ELASTICSEARCH_URL": elasticsearch_url,
                "ELASTICSEARCH_INDEX_PREFIX": "quartier_bench",
            }
            results["elasticsearch"] = bench_backend("elasticsearch", env, options)
        else:
            log("Elasticsearch: skipped (ELASTICSEARCH_URL is not set)")
    report(results, options, created)


if __name__ == "__main__":
    main()
