"""First rendering of the public pages, in-process (a script, not a test).

    DJANGO_SETTINGS_MODULE=quartier.settings.production DATABASE_URL=… \\
        .venv/bin/python bench/first_render.py [--rounds 15] [--profile DIR] [PATH …]

Renders each page through Django's test client with the page cache, the
content cache and the search results cache off (every request from scratch)
and prints, per page, the median CPU time of the process (time.process_time)
beside the same median for /healthz/, their ratio and the SQL queries. CPU
time rather than wall time: on a shared machine a process waits for a core
as long as it computes, and wall-clock ratios drift with the neighbours' load
while CPU time does not. With --profile DIR it also writes a pyinstrument
profile of each page (five renderings) to DIR. Prints markdown; asserts
nothing."""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.update(
    PAGE_CACHE_SECONDS="0", CONTENT_FRAGMENT_CACHE="false", SEARCH_RESULTS_CACHE="false"
)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = {
    "home": "/",
    "home (ar)": "/ar/",
    "listing": "/verzeichnis/",
    "listing (ar)": "/ar/verzeichnis/",
    "listing, Marxloh + open now": "/verzeichnis/?district=marxloh&open_now=1",
    "listing, Marxloh + open now (ar)": "/ar/verzeichnis/?district=marxloh&open_now=1",
    "profile": "/verzeichnis/salon-lale/",
    "profile (ar)": "/ar/verzeichnis/salon-lale/",
    "map page": "/karte/",
    "map page (ar)": "/ar/karte/",
    "search page ?q=friseur": "/suche/?q=friseur",
    "search API ?q=friseur": "/api/search/?q=friseur",
    "search API ?q=kuafor": "/api/search/?q=kuafor",
    "suggest ?q=fri": "/api/search/suggest/?q=fri",
}
# A session cookie: the anonymous page cache never answers it.
COOKIE = "sessionid=bench-bypasses-page-cache"


def cpu_ms(client, path, rounds):
    client.get(path, HTTP_COOKIE=COOKIE)  # warm-up: imports, templates, connection
    samples = []
    for _ in range(rounds):
        started = time.process_time()
        response = client.get(path, HTTP_COOKIE=COOKIE)
        samples.append((time.process_time() - started) * 1000)
    return statistics.median(samples), response


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--profile", help="directory for pyinstrument profiles")
    parser.add_argument("paths", nargs="*", help="labels or paths (default: all pages)")
    options = parser.parse_args()
    pages = {
        label: path
        for label, path in PAGES.items()
        if not options.paths or label in options.paths or path in options.paths
    } or {path: path for path in options.paths}
    healthz, _response = cpu_ms(Client(), "/healthz/", options.rounds * 2)
    print(f"/healthz/: {healthz:.2f} ms CPU (median of {options.rounds * 2})\n")
    print("| page | path | status | CPU ms | × /healthz/ | SQL |")
    print("|---|---|---:|---:|---:|---:|")
    for label, path in pages.items():
        client = Client()
        median, response = cpu_ms(client, path, options.rounds)
        with CaptureQueriesContext(connection) as queries:
            client.get(path, HTTP_COOKIE=COOKIE)
        print(
            f"| {label} | `{path}` | {response.status_code} | {median:.1f} | "
            f"{median / healthz:.1f}× | {len(queries.captured_queries)} |",
            flush=True,
        )
        if options.profile:
            from pyinstrument import Profiler  # noqa: PLC0415 (only when profiling)

            profiler = Profiler(interval=0.0005)
            profiler.start()
            for _ in range(5):
                client.get(path, HTTP_COOKIE=COOKIE)
            profiler.stop()
            name = "".join(c if c.isalnum() else "-" for c in label)
            Path(options.profile, f"{name}.txt").write_text(
                profiler.output_text(unicode=False, color=False)
            )


if __name__ == "__main__":
    main()
