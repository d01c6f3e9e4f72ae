"""Benchmark (a script, not a test; it prints figures and asserts nothing):
does the team's publishing survive ordinary traffic?

    .venv/bin/python bench/publish_under_load.py [--db sqlite|postgres|both]
        [--businesses 200] [--duration 30] [--connections 50] [--workers 3]
        [--redis redis://127.0.0.1:6379/4]

For each database: a throwaway database (SQLite file, or PostgreSQL
`quartier_bench_<pid>` at 127.0.0.1 with Redis as the shared cache), the demo
content plus N generated businesses, gunicorn with the production settings
and `--workers` workers, then wrk with `--connections` connections for
`--duration` seconds over the home page, a profile and the search API, with a
browser User-Agent (so profile views are counted) and the search API's rate
limit counting (set high enough that wrk, one client, is not refused), while
another process publishes a business every 3 s. Prints requests/s, p99, non-2xx
answers and socket errors, and publications done and failed (with the errors).
Uses bench/run.py's helpers; everything stays on 127.0.0.1."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as stack  # noqa: E402  (bench/run.py)

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0"


def start(env, port, workers):
    server = subprocess.Popen(
        [
            str(Path(stack.PYTHON).parent / "gunicorn"),
            "quartier.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=stack.ROOT,
        env=env,
        start_new_session=True,
    )
    stack.wait_until_up(f"http://127.0.0.1:{port}")
    return server


def measure(kind, options, tmp):
    name = f"quartier_bench_{os.getpid()}"
    if kind == "postgres":
        stack.psql(f"DROP DATABASE IF EXISTS {name}")
        stack.psql(f"CREATE DATABASE {name}")
        database_url = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        database_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    env = stack.base_env(tmp, database_url)
    env["SEARCH_API_RATE_LIMIT"] = "100000000"  # counted, never reached by wrk's one address
    if kind == "postgres":
        env["REDIS_URL"] = options.redis
    server = None
    try:
        stack.run([stack.PYTHON, "manage.py", "migrate", "--noinput"], env)
        stack.run([stack.PYTHON, "manage.py", "compile_translations"], env)
        stack.run([stack.PYTHON, "manage.py", "load_demo_data", "--no-users"], env)
        stack.helper(env, "load", str(options.businesses))
        stack.run([stack.PYTHON, "manage.py", "rebuild_search_index"], env)
        stack.run([stack.PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        if kind == "postgres":
            subprocess.run(  # noqa: S603  (our own venv's Python, our own cache)
                [
                    stack.PYTHON,
                    "manage.py",
                    "shell",
                    "-c",
                    "from django.core.cache import cache; cache.clear()",
                ],
                cwd=stack.ROOT,
                env=env,
                check=True,
                capture_output=True,
            )
        profile = stack.helper(env, "urls")["pages"]["profile"]
        paths = ["/", profile, "/api/search/?q=friseur", "/api/search/?q=b%C3%A4ckerei&lang=tr"]
        port = stack.free_port()
        server = start(env, port, options.workers)
        base_url = f"http://127.0.0.1:{port}"
        script = tmp / "mix.lua"
        script.write_text(
            stack.WRK_LUA + stack.ROUND_ROBIN_LUA % ", ".join(json.dumps(p) for p in paths)
        )
        headers = [f"User-Agent: {BROWSER}"]
        stack.wrk(base_url + "/", "3s", 8, script, headers)  # every worker warm
        publisher = subprocess.Popen(  # noqa: S603
            [
                stack.PYTHON,
                "bench/django_helpers.py",
                "publish-counting",
                str(options.duration),
                "3",
            ],
            cwd=stack.ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        publisher.stdout.readline()  # "ready"
        result = stack.wrk(
            base_url + "/", f"{options.duration}s", options.connections, script, headers
        )
        published = json.loads(publisher.communicate(timeout=options.duration + 300)[0])
        return {**result, **published}
    finally:
        stack.stop_server(server)
        if kind == "postgres":
            stack.psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--businesses", type=int, default=200)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/4")
    options = parser.parse_args()
    kinds = ["sqlite", "postgres"] if options.db == "both" else [options.db]
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores; "
        f"gunicorn {options.workers} workers, wrk -c{options.connections} -d{options.duration}s "
        "over home, a profile and the search API, a publication every 3 s\n"
    )
    print("| database | requests/s | p99 ms | non-2xx | socket errors | published | failed |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for kind in kinds:
        with tempfile.TemporaryDirectory(prefix="quartier-publish-bench-") as tmp:
            r = measure(kind, options, Path(tmp))
        label = "SQLite" if kind == "sqlite" else "PostgreSQL + Redis"
        print(
            f"| {label} | {r['rps']} | {r['p99']} | {r['non2xx']} | {r['sockerr']} "
            f"| {r['published']} | {r['failed']} |",
            flush=True,
        )
        for error in r["errors"]:
            print(f"  {label}: {error}")


if __name__ == "__main__":
    main()
