"""Benchmark of the production stack on this machine (a script, not a test).

    .venv/bin/python bench/run.py [--businesses 10000] [--db sqlite|postgres|both]
                                  [--duration 10s] [--reliability 30]
                                  [--elasticsearch http://127.0.0.1:9214]
                                  [--throughput 30] [--redis redis://127.0.0.1:6379/0]
                                  [--tag NAME]

For each database it creates a throwaway database (SQLite file in a temporary
directory, or `quartier_bench_<pid>` on PostgreSQL at 127.0.0.1:5432, user
postgres), migrates, loads the demo content plus N generated businesses,
rebuilds the search index (on the Elasticsearch node too, under an index prefix
of its own, removed at the end), collects the static files, starts gunicorn with
the production settings on 127.0.0.1 and measures with wrk
(`apt-get install -y wrk`):

1. every public page rendered (a session cookie bypasses the page cache) with
   one connection: p50 beside the same server's /healthz/ p50, the ratio, the
   target (15x; the search page and API 20x on Elasticsearch, 40x on the
   database) and the SQL queries per request (at most 12); the search rows once
   on Elasticsearch and once on the database backend (a second server);
2. the reliability run: 30 s at 50 connections over the pages as anonymous
   visitors see them, while a business is published every 3 s: the page-cache
   hit rate (target >= 95 %), p99 (<= 300 ms) and errors (0);
3. the throughput run: 30 s at 50 connections with the page cache on and every
   tenth request a first rendering (a new search or filter combination):
   requests/s, p50, p99 and each gunicorn worker's resident memory (printed,
   no target).

Runs 2 and 3 also print the CPU time per request of the gunicorn workers, the
PostgreSQL server and redis-server (from /proc): on a shared machine requests/s
move with the neighbours' load, the CPU a request costs much less.

With --redis the PostgreSQL rows run with that Redis as the shared cache
(REDIS_URL: page cache, rate limits, view counts); SQLite keeps the local-memory
cache of the quick start. The keys the run left in that Redis database (prefix
`quartier`) are deleted at the end. --tag goes into the database's and the
indexes' names, so runs on one machine do not meet.

Prints markdown and exits non-zero when a target is missed. Everything stays on
127.0.0.1 and stops by itself; the temporary files and database are removed."""

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
MAX_QUERIES = 12  # per rendered public page (issue #17)
BYPASS_COOKIE = "sessionid=bench-bypasses-page-cache"

WRK_LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
non2xx = 0
hits = 0
misses = 0
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
  local state = headers["X-Cache"] or headers["x-cache"]
  if state == "HIT" then hits = hits + 1 elseif state == "MISS" then misses = misses + 1 end
end
function done(summary, latency, requests)
  local n, h, m = 0, 0, 0
  for _, t in ipairs(threads) do
    n = n + t:get("non2xx"); h = h + t:get("hits"); m = m + t:get("misses")
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH rps=%.1f p50=%.2f p99=%.2f non2xx=%d sockerr=%d requests=%d hits=%d misses=%d\\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, n, e.connect + e.read + e.write + e.timeout, summary.requests,
    h, m))
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


MIXED_LUA = """
paths = {%s}
fresh = {%s}
local i = 0
local counter = 0
request = function()
  i = i + 1
  if i %% 10 == 0 then
    -- Every tenth request something nobody asked for before (a random
    -- number of 1 to 10,000 makes it new): a search for one of the
    -- generated businesses, or the listing with filters and a parameter no
    -- one has sent.
    counter = counter + 1
    local base = fresh[(counter %% #fresh) + 1]
    return wrk.format("GET", base .. tostring(math.random(10000)))
  end
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(server):
    """CPU seconds used so far by the gunicorn workers of `server`, by the
    PostgreSQL server's processes and by redis-server (every process on the
    machine with that name): with both services on the same cores, what a
    request costs the machine, not only the worker."""
    used = {"workers": 0.0, "postgres": 0.0, "redis": 0.0}
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            stat = (folder / "stat").read_text()
            command = (folder / "cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
        except OSError:
            continue
        name_end = stat.rindex(")")
        fields = stat[name_end + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        if fields[1] == str(server.pid):
            used["workers"] += seconds
        elif command.startswith("postgres"):
            used["postgres"] += seconds
        elif "redis-server" in command:
            used["redis"] += seconds
    return used


def cpu_per_request(server, before, requests):
    """{group: CPU ms per request} since `before` (cpu_seconds)."""
    after = cpu_seconds(server)
    return {key: (after[key] - before[key]) * 1000 / max(1, requests) for key in after}


def worker_memory(server):
    """Resident memory in MiB of each gunicorn worker (the master's children)."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":", 1) for line in status.read_text().splitlines() if ":" in line
            )
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(server.pid):
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return sorted(sizes)


def throughput(kind, env, paths, fresh, options, tmp):
    """`options.throughput` s at 50 connections as anonymous visitors: the page
    cache on, every tenth request a first rendering (a new search, or a listing
    with a filter combination and page nobody asked for); requests/s, p50, p99
    and each worker's memory afterwards."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = start_server(env, port)
    try:
        warm_script = tmp / "warm.lua"
        warm_script.write_text(WRK_LUA)
        for path in paths:
            wrk(base_url + path, "2s", 8, warm_script)
        script = tmp / "mixed.lua"
        script.write_text(
            WRK_LUA
            + MIXED_LUA
            % (", ".join(json.dumps(p) for p in paths), ", ".join(json.dumps(p) for p in fresh))
        )
        before = cpu_seconds(server)
        result = wrk(base_url + "/", f"{options.throughput}s", 50, script)
        result["cpu"] = cpu_per_request(server, before, int(result["requests"]))
        result["memory"] = worker_memory(server)
        log(f"{kind}: throughput {result}")
        return result
    finally:
        stop_server(server)


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


def wrk(url, duration, connections, script, headers=(), threads=2):
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}", "--timeout", "10s"]
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


def start_server(env, port):
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
    wait_until_up(f"http://127.0.0.1:{port}")
    return server


def stop_server(server):
    if server is not None and server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def one_connection_p50(base_url, path, duration, script, rendered=True):
    """p50 in ms of `path` with one connection (page cache bypassed if `rendered`)."""
    headers = [f"Cookie: {BYPASS_COOKIE}"] if rendered else []
    wrk(base_url + path, "2s", 1, script, headers, threads=1)  # warm-up
    result = wrk(base_url + path, duration, 1, script, headers, threads=1)
    if result["requests"] == "0":
        raise SystemExit(f"{path}: no answer within {duration}; try a longer --duration")
    if result["non2xx"] != "0" or result["sockerr"] != "0":
        raise SystemExit(f"{path}: {result['non2xx']} non-2xx, {result['sockerr']} errors")
    return float(result["p50"])


def measure_server(kind, backend, env, pages, options, tmp):
    """{path: p50} and /healthz/'s p50 on one server, one connection."""
    script = tmp / "bench.lua"
    script.write_text(WRK_LUA)
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = start_server(env, port)
    try:
        healthz = one_connection_p50(base_url, "/healthz/", options.duration, script, False)
        log(f"{kind}/{backend}: /healthz/ p50 {healthz} ms")
        p50s = {}
        for label, path in pages.items():
            p50s[path] = one_connection_p50(base_url, path, options.duration, script)
            log(f"{kind}/{backend}: {label} p50 {p50s[path]} ms ({p50s[path] / healthz:.1f}x)")
        return p50s, healthz
    finally:
        stop_server(server)


def measure_pages(kind, backend, env, pages, queries, options, tmp):
    """Rows (page, path, p50, healthz p50, SQL, p50 from scratch, healthz p50 of
    that server, SQL from scratch): every page rendered (page cache bypassed) with
    one connection, beside the same server's /healthz/; once as a signed-in
    visitor gets it on a second visit (main content cached, quartier/fragments.py)
    and once with the content cache off (every page rendered from scratch)."""
    cached, healthz = measure_server(kind, backend, env, pages, options, tmp)
    fresh_env = {**env, "CONTENT_FRAGMENT_CACHE": "false", "SEARCH_RESULTS_CACHE": "false"}
    fresh, fresh_healthz = measure_server(kind, f"{backend} fresh", fresh_env, pages, options, tmp)
    rows = []
    for label, path in pages.items():
        counts = queries.get(path, {})
        rows.append(
            (
                label,
                path,
                cached[path],
                healthz,
                counts.get("queries", ""),
                fresh[path],
                fresh_healthz,
                counts.get("fresh", ""),
            )
        )
    return rows


def reliability(kind, env, paths, options, tmp):
    """30 s at 50 connections over the public pages as anonymous visitors see
    them, while a business is published every 3 s: hit rate, p99, errors."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = start_server(env, port)
    try:
        warm_script = tmp / "warm.lua"
        warm_script.write_text(WRK_LUA)
        for path in paths:
            # Enough connections that every worker (each has its own local-memory
            # cache) has the page before the run: the hit rate is about publications.
            wrk(base_url + path, "2s", 8, warm_script)
        script = tmp / "round-robin.lua"
        script.write_text(WRK_LUA + ROUND_ROBIN_LUA % ", ".join(json.dumps(p) for p in paths))
        publisher = subprocess.Popen(
            [PYTHON, "bench/django_helpers.py", "publish", str(options.reliability - 2), "3"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        publisher.stdout.readline()  # "ready"
        before = cpu_seconds(server)
        result = wrk(base_url + "/", f"{options.reliability}s", 50, script)
        result["cpu"] = cpu_per_request(server, before, int(result["requests"]))
        try:
            output = publisher.communicate(timeout=options.reliability + 300)[0]
        except subprocess.TimeoutExpired:
            publisher.kill()
            output = publisher.communicate()[0]
        lines = output.strip().splitlines()
        result["published"] = json.loads(lines[-1])["published"] if lines else "?"
        result["paths"] = len(paths)
        log(f"{kind}: reliability {result}")
        return result
    finally:
        stop_server(server)


def bench_database(kind, options, tmp):
    name = f"quartier_bench_{options.tag}{os.getpid()}"
    if kind == "postgres":
        psql(f"DROP DATABASE IF EXISTS {name}")
        psql(f"CREATE DATABASE {name}")
        database_url = f"postgres://postgres@127.0.0.1:5432/{name}"
    else:
        database_url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    env = base_env(tmp, database_url)
    if kind == "postgres" and options.redis:
        env["REDIS_URL"] = options.redis
    es_env = None
    if options.elasticsearch:
        es_env = {
            **env,
            "ELASTICSEARCH_URL": options.elasticsearch,
            "ELASTICSEARCH_INDEX_PREFIX": f"quartier_bench_{options.tag}{os.getpid()}_{kind}",
        }
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
        run([PYTHON, "manage.py", "rebuild_search_index"], es_env or env)
        log(f"{kind}: search index rebuilt in {time.monotonic() - started:.0f} s")
        run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env)

        urls = helper(env, "urls")
        pages = urls["pages"]
        search = {label: path for label, path in pages.items() if label.startswith("search")}
        queries = helper(es_env or env, "queries", *pages.values())
        rows = []
        if es_env is not None:
            es_rows = measure_pages(kind, "es", es_env, pages, queries, options, tmp)
            rows += [(f"{label} (Elasticsearch)", *rest) for label, *rest in es_rows]
            db_queries = helper(env, "queries", *search.values())
            db_rows = measure_pages(kind, "db", env, search, db_queries, options, tmp)
            rows += [(f"{label} (database)", *rest) for label, *rest in db_rows]
        else:
            db_rows = measure_pages(kind, "db", env, pages, queries, options, tmp)
            rows += [
                (f"{label} (database)" if label in search else label, *rest)
                for label, *rest in db_rows
            ]
        anonymous = [path for label, path in pages.items() if label not in search]
        anonymous += [path for path in urls["profiles"] if path not in anonymous]
        result = reliability(kind, es_env or env, anonymous, options, tmp)
        directory = pages["listing"]
        fresh = ["/api/search/?q=bench+", f"{directory}?district=hochfeld&category=friseur&x="]
        result["throughput"] = (
            throughput(kind, es_env or env, anonymous, fresh, options, tmp)
            if options.throughput
            else None
        )
        return rows, result
    finally:
        if kind == "postgres":
            try:
                psql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            except subprocess.CalledProcessError as exc:
                log(f"could not drop {name}: {exc}")
        if "REDIS_URL" in env:
            forget_redis_keys(env["REDIS_URL"])
        if es_env is not None:
            prefix = es_env["ELASTICSEARCH_INDEX_PREFIX"]
            try:
                request = urllib.request.Request(
                    f"{options.elasticsearch}/{prefix}*", method="DELETE"
                )
                urllib.request.urlopen(request, timeout=30).close()  # noqa: S310 (loopback)
            except OSError as exc:
                log(f"could not delete the indexes {prefix}*: {exc}")


def forget_redis_keys(url):
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match="quartier:*", count=1000):
        client.delete(key)


def cpu_text(cpu):
    parts = ", ".join(f"{name} {ms:.3f}" for name, ms in cpu.items() if ms >= 0.0005)
    return f"CPU ms per request {sum(cpu.values()):.3f} ({parts})"


def target_for(label):
    """The issue's target as a multiple of /healthz/ p50."""
    if label.startswith("search"):
        return 20 if "Elasticsearch" in label else 40
    return 15


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--businesses", type=int, default=10_000)
    parser.add_argument("--duration", default="10s", help="per measurement, wrk syntax")
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--reliability", type=int, default=30, help="seconds")
    parser.add_argument(
        "--throughput",
        type=int,
        default=30,
        help="seconds of the mixed run (every tenth request a first rendering); 0: none",
    )
    parser.add_argument(
        "--elasticsearch",
        default=os.environ.get("ELASTICSEARCH_URL"),
        help="Elasticsearch node for the search rows (default: $ELASTICSEARCH_URL)",
    )
    parser.add_argument(
        "--redis",
        default=None,
        help="Redis for the PostgreSQL rows (REDIS_URL); SQLite keeps the local-memory cache",
    )
    parser.add_argument(
        "--tag", default="", help="part of the database's and indexes' names (letters, _)"
    )
    options = parser.parse_args()
    if not options.tag.replace("_", "").isalnum() and options.tag:
        raise SystemExit("--tag: letters, digits and _ only")
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    kinds = ["sqlite", "postgres"] if options.db == "both" else [options.db]
    if "postgres" in kinds and shutil.which("psql") is None:
        raise SystemExit("psql is missing: apt-get install -y postgresql-client")

    failures = []
    for kind in kinds:
        with tempfile.TemporaryDirectory(prefix=f"quartier-bench-{kind}-") as tmp:
            rows, result = bench_database(kind, options, Path(tmp))
        print(
            f"\n{kind}{' + Redis' if kind == 'postgres' and options.redis else ''}: "
            f"{options.businesses} generated businesses (+ demo content); gunicorn with "
            f"{max(2, (os.cpu_count() or 1) * 2)} workers on {os.cpu_count()} CPUs. Rendered "
            f"= page cache bypassed (session cookie), one connection, wrk -d{options.duration}; "
            "SQL = queries per rendered request. The first columns are a second visit (the "
            "main content cached for everyone, quartier/fragments.py; for search, the same "
            "search asked again since the last change, search/cache.py), the last three the "
            "same pages rendered from scratch (CONTENT_FRAGMENT_CACHE=false, "
            "SEARCH_RESULTS_CACHE=false): pass needs the ratio of the first and at most 12 "
            "queries in both.\n"
        )
        print(
            "| page | path | p50 ms | /healthz/ p50 ms | ratio | target | pass | SQL | "
            "from scratch: p50 ms | ratio | SQL |"
        )
        print("|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|")
        for label, path, p50, healthz, sql, fresh, fresh_healthz, fresh_sql in rows:
            ratio = p50 / healthz
            target = target_for(label)
            worst_sql = fresh_sql if fresh_sql != "" else sql
            ok = ratio <= target and (worst_sql == "" or worst_sql <= MAX_QUERIES)
            if not ok:
                failures.append(f"{kind}: {label}")
            print(
                f"| {label} | `{path}` | {p50:.2f} | {healthz:.2f} | {ratio:.1f}× | ≤{target}× | "
                f"{'pass' if ok else 'FAIL'} | {sql} | {fresh:.2f} | "
                f"{fresh / fresh_healthz:.1f}× | {fresh_sql} |"
            )
        hits, misses = int(result["hits"]), int(result["misses"])
        hit_rate = hits / (hits + misses) if hits + misses else 0.0
        errors = int(result["non2xx"]) + int(result["sockerr"])
        ok = hit_rate >= 0.95 and float(result["p99"]) <= 300 and errors == 0
        if not ok:
            failures.append(f"{kind}: reliability")
        print(
            f"\nReliability ({kind}): {options.reliability} s, 50 connections, anonymous "
            f"visitors over {result['paths']} pages, {result['published']} publications "
            f"(one every 3 s): {float(result['rps']):.0f} requests/s, page-cache hit rate "
            f"{hit_rate:.1%} (target ≥ 95 %), p50 {result['p50']} ms, p99 {result['p99']} ms "
            f"(target ≤ 300), {result['non2xx']} non-2xx, {result['sockerr']} socket errors "
            f"(target 0): {'pass' if ok else 'FAIL'}; {cpu_text(result['cpu'])}"
        )
        mixed = result["throughput"]
        if mixed is not None:
            memory = ", ".join(f"{size:.0f}" for size in mixed["memory"]) or "?"
            print(
                f"\nThroughput ({kind}): {options.throughput} s, 50 connections, page cache on, "
                f"every tenth request a first rendering (a new search or filter combination): "
                f"{float(mixed['rps']):.0f} requests/s, p50 {mixed['p50']} ms, p99 "
                f"{mixed['p99']} ms, {mixed['non2xx']} non-2xx, {mixed['sockerr']} socket "
                f"errors; {cpu_text(mixed['cpu'])}; workers' resident memory afterwards: "
                f"{memory} MiB"
            )
    if failures:
        raise SystemExit("missed targets: " + ", ".join(failures))


if __name__ == "__main__":
    main()
