#!/usr/bin/env bash
# The services the tests need, on a plain Debian machine (as root): installs
# what is missing from Debian's packages (also the libraries WeasyPrint needs), then starts PostgreSQL and Redis on
# 127.0.0.1 and waits until they answer. Idempotent: a second run only checks.
#
# PostgreSQL keeps Debian's default authentication; the `postgres` role gets
# the password PGPASSWORD (default "quartier-dev"), so tests connect with
#   DATABASE_URL=postgres://postgres:quartier-dev@127.0.0.1:5432/<database>
# Redis listens on 127.0.0.1:6379 without persistence (a cache).
set -euo pipefail

PGPASSWORD="${PGPASSWORD:-quartier-dev}"
export DEBIAN_FRONTEND=noninteractive

missing=()
command -v make >/dev/null 2>&1 || missing+=(make)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
dpkg -s fonts-noto-core >/dev/null 2>&1 || missing+=(fonts-noto-core)
# WeasyPrint (printed stickers, posters, guides) lays out text with Pango and HarfBuzz.
for package in libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0; do
    dpkg -s "${package}" >/dev/null 2>&1 || missing+=("${package}")
done
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v pg_ctlcluster >/dev/null 2>&1 || missing+=(postgresql)
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing from Debian's packages: ${missing[*]}"
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- PostgreSQL ----------------------------------------------------------------
version="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)"
if [ -z "${version}" ]; then
    version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    pg_createcluster "${version}" main >/dev/null
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    pg_ctlcluster --skip-systemctl-redirect "${version}" main start
fi
for _ in $(seq 1 60); do
    pg_isready -h 127.0.0.1 -p 5432 -q && break
    sleep 1
done
pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL did not start" >&2; exit 1; }
# Peer authentication as the postgres system user sets the role's password.
runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 \
    -c "ALTER ROLE postgres WITH PASSWORD '${PGPASSWORD}'" >/dev/null
# A server for tests and development, not for data that must survive a power cut: no
# waiting for the disk at each commit. The test database's ~300 migrations and the
# transactional tests' flushes commit thousands of times a run (production runs its
# own server, docs/betrieb/dienste.md).
runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 \
    -c "ALTER SYSTEM SET fsync = off" \
    -c "ALTER SYSTEM SET synchronous_commit = off" \
    -c "ALTER SYSTEM SET full_page_writes = off" \
    -c "SELECT pg_reload_conf()" >/dev/null
echo "PostgreSQL ${version} is ready on 127.0.0.1:5432"

# --- Redis -----------------------------------------------------------------------
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port 6379 --daemonize yes --save "" --appendonly no \
        --logfile /tmp/quartier-redis.log
fi
for _ in $(seq 1 30); do
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break
    sleep 1
done
redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null || { echo "Redis did not start" >&2; exit 1; }
echo "Redis is ready on 127.0.0.1:6379"
