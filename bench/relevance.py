"""Relevance report (not a test): recall@10 and MRR of the relevance sets
(tests/search/relevance.json, the project's; relevance_residents.json, the
residents', eight of its queries tuned on since 7 December 2026;
relevance_fresh.json, held out, never tuned on) on each backend, as one
markdown table.

Runs tests/search/test_relevance.py (the database always; Elasticsearch when
ELASTICSEARCH_URL is set) and reads the numbers it writes:

    ES_PORT=9201 bash scripts/elasticsearch.sh start
    ELASTICSEARCH_URL=http://127.0.0.1:9201 .venv/bin/python bench/relevance.py [--misses]
"""

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the queries below 1.0")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "relevance.json"
        env = {**os.environ, "RELEVANCE_REPORT": str(report)}
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        command += ["tests/search/test_relevance.py", "-k", "targets"]
        subprocess.run(command, cwd=ROOT, env=env, check=False, stdout=subprocess.DEVNULL)
        numbers = json.loads(report.read_text()) if report.exists() else {}
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"{stamp}, {platform.machine()}, {os.cpu_count()} CPUs\n")
    print("| set | backend | queries | recall@10 | MRR |")
    print("|---|---|---:|---:|---:|")
    for key, row in sorted(numbers.items()):
        name, backend = key.split("/")
        print(
            f"| {name} | {backend} | {row['queries']} | {row['recall@10']:.3f} | {row['mrr']:.3f} |"
        )
    if options.misses:
        for key, row in sorted(numbers.items()):
            print(f"\n{key}:")
            for miss in row["misses"]:
                print(f"- {miss['q']}: recall {miss['recall']}, RR {miss['rr']}: {miss['found']}")


if __name__ == "__main__":
    main()
