"""Benchmark of the production stack on this machine (a script, not a test).

    .venv/bin/python bench/run.py [--businesses 10000] [--duration 15s]
                                  [--connections 16] [--db sqlite|postgres|both]

For each database it creates a throwaway database (SQLite file in a temporary
directory, or `quartier_bench_<pid>` on PostgreSQL at 127.0.0.1:5432, user
postgres), migrates, loads the demo content plus N generated businesses,
collects the static files, starts gunicorn with the production settings on
127.0.0.1 and measures with wrk (`apt-get install -y wrk`). Pages are measured
twice: as anonymous visitors see them (from the page cache) and rendered
(a session cookie bypasses the cache). Then a reliability run: 30 s at 50
connections over all pages while a page is published every 3 s; every request
must succeed (no non-2xx, no timeout or socket error). Prints one markdown
table. Everything stays on 127.0.0.1 and stops by itself; the temporary files
and database are removed."""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BYPASS_COOKIE = "sessionid=bench-bypasses-page-cache"

WRK_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
non2xx = 0
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("non2xx") end
  local e = summary.errors
  io.write(string.format("BENCH rps=%.1f p50=%.2f p99=%.2f non2xx=%d sockerr=%d requests=%d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, n, e.connect + e.read + e.write + e.timeout, summary.requests))
end
"""

ROUND_ROBIN_LUA = """
paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def log(message):
    print(f"# {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args, env, timeout=3600):
    result = subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def helper(env, *args, timeout=3600):
    output = run([PYTHON, "bench/django_helpers.py", *args], env, timeout)
    return json.loads(output.strip().splitlines()[-1])


def psql(sql):
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql],
        check=True,
        capture_output=True,
        timeout=60,
    )


def base_env(tmp, database_url):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "REDIS_URL", "ELASTICSEARCH_URL"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "quartier.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "GEOCODER": "none",
            "LOG_LEVEL": "WARNING",
            "PAGE_CACHE_GENERATION_FILE": str(tmp / "page-cache.generation"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            # wrk is one client address: the per-client limit would answer 429.
            "SEARCH_API_RATE_LIMIT": "0",
        }
    )
    return env


def wait_until_up(base_url, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base_url + "/healthz/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer on /healthz/")


def wrk(url, duration, connections, script, headers=()):
    args = ["wrk", "-t2", f"-c{connections}", f"-d{duration}", "--timeout", "10s"]
    args += ["--latency", "-s", script]
    for header in headers:
        args += ["-H", header]
    output = subprocess.run(
        [*args, url], capture_output=True, text=True, timeout=3600, check=False
    ).stdout
    line = next((line for line in output.splitlines() if line.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result for {url}:\n{output}")
    return dict(part.split("=") for part in line.split()[1:])


def bench_database(kind, options, tmp):
    name = f"quartier_bench_{os.getpid()}"
    if kind == "postgres":
        psql(f"DROP DATABASE IF EXISTS {name}")
        psql(f"CREATE DATABASE {name}")
        database_url = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        database_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    env = base_env(tmp, database_url)
    server = None
    try:
        started = time.monotonic()
        run([PYTHON, "manage.py", "migrate", "--noinput"], env)
        run([PYTHON, "manage.py", "compile_translations"], env)
        run([PYTHON, "manage.py", "load_demo_data", "--no-users"], env)
        log(f"{kind}: migrated and demo content in {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        created = helper(env, "load", str(options.businesses))["created"]
        log(f"{kind}: {created} businesses generated in {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        run([PYTHON, "manage.py", "rebuild_search_index"], env)
        log(f"{kind}: search index rebuilt in {time.monotonic() - started:.0f} s")
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)

        urls = helper(env, "urls")
        queries = helper(env, "queries", *urls.values())
        home_bytes = queries["/"]["bytes"]
        blob = Path(env["STATIC_ROOT"]) / "bench" / "home-size.html"
        blob.parent.mkdir(parents=True, exist_ok=True)
        blob.write_bytes(b"x" * home_bytes)

        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
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
        wait_until_up(base_url)

        script = tmp / "bench.lua"
        script.write_text(WRK_LUA)
        rows = []
        measure = [
            *((label, path, "cache") for label, path in list(urls.items())[:4]),
            *((label, path, "rendered") for label, path in urls.items()),
            ("static file, home page size", "/static/bench/home-size.html", "static"),
        ]
        for label, path, mode in measure:
            headers = [f"Cookie: {BYPASS_COOKIE}"] if mode == "rendered" else []
            wrk(base_url + path, "2s", options.connections, script, headers)  # warm-up
            result = wrk(base_url + path, options.duration, options.connections, script, headers)
            sql = queries.get(path, {}).get("queries", 0) if mode == "rendered" else 0
            rows.append((kind, f"{label} ({mode})", path, result, sql))
            log(f"{kind}: {label} ({mode}) {result['rps']} req/s")

        rr_script = tmp / "round-robin.lua"
        paths = ", ".join(json.dumps(path) for path in urls.values())
        rr_script.write_text(WRK_LUA + ROUND_ROBIN_LUA % paths)
        publisher = subprocess.Popen(
            [PYTHON, "bench/django_helpers.py", "publish", str(options.reliability - 2), "3"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        publisher.stdout.readline()  # "ready"
        result = wrk(base_url + "/", f"{options.reliability}s", 50, rr_script)
        try:
            output = publisher.communicate(timeout=options.reliability + 300)[0]
        except subprocess.TimeoutExpired:
            publisher.kill()
            output = publisher.communicate()[0]
        lines = output.strip().splitlines()
        published = json.loads(lines[-1]) if lines else {"published": "?"}
        label = (
            f"reliability: all pages, 50 connections, {options.reliability} s, "
            f"{published['published']} publications"
        )
        rows.append((kind, label, "(mixed)", result, None))
        return rows
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        if kind == "postgres":
            try:
                psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            except subprocess.CalledProcessError as exc:
                log(f"could not drop {name}: {exc}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--businesses", type=int, default=10_000)
    parser.add_argument("--duration", default="15s", help="per measurement, wrk syntax")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--reliability", type=int, default=30, help="seconds")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    kinds = ["sqlite", "postgres"] if options.db == "both" else [options.db]
    if "postgres" in kinds and shutil.which("psql") is None:
        raise SystemExit("psql is missing: apt-get install -y postgresql-client")

    rows = []
    for kind in kinds:
        with tempfile.TemporaryDirectory(prefix=f"quartier-bench-{kind}-") as tmp:
            rows += bench_database(kind, options, Path(tmp))

    print(
        f"\n{options.businesses} generated businesses (+ demo content); wrk -t2 "
        f"-c{options.connections} -d{options.duration}; gunicorn with "
        f"{max(2, (os.cpu_count() or 1) * 2)} workers on {os.cpu_count()} CPUs; "
        "SQL = queries per request when rendered (page cache bypassed).\n"
    )
    print("| database | what | path | requests/s | p50 ms | p99 ms | non-2xx | errors | SQL |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for kind, label, path, result, sql in rows:
        print(
            f"| {kind} | {label} | `{path}` | {float(result['rps']):.0f} | {result['p50']} | "
            f"{result['p99']} | {result['non2xx']} | {result['sockerr']} | "
            f"{'' if sql is None else sql} |"
        )
    failures = [
        row
        for row in rows
        if row[1].startswith("reliability")
        and ((row[3]["non2xx"], row[3]["sockerr"]) != ("0", "0") or row[3]["requests"] == "0")
    ]
    if failures:
        raise SystemExit("reliability run: some requests failed (non-2xx, timeout or socket error)")


if __name__ == "__main__":
    main()
