#!/usr/bin/env bash
# A single Elasticsearch 8 node on 127.0.0.1 for development and CI, built
# from Maven Central (search/elasticsearch-node). Idempotent.
#
#   scripts/elasticsearch.sh start   # builds if needed, starts, waits for yellow
#   scripts/elasticsearch.sh stop
#   scripts/elasticsearch.sh status
#
# ES_PORT (default 9200) and ES_TRANSPORT_PORT (default ES_PORT+100) choose
# the ports; ES_HOME (default a folder under /tmp named after the port) holds
# data, logs and the pid file; ES_HEAP (default 1g) is the JVM's heap.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${ES_PORT:-9200}"
TRANSPORT_PORT="${ES_TRANSPORT_PORT:-$((PORT + 100))}"
HOME_DIR="${ES_HOME:-${TMPDIR:-/tmp}/quartier-elasticsearch-${PORT}}"
HEAP="${ES_HEAP:-1g}"
PROJECT=search/elasticsearch-node
PID_FILE="${HOME_DIR}/node.pid"
URL="http://127.0.0.1:${PORT}"

build() {
    if [ ! -f "${PROJECT}/target/.built" ] || [ "${PROJECT}/pom.xml" -nt "${PROJECT}/target/.built" ] \
        || [ -n "$(find "${PROJECT}/src" -newer "${PROJECT}/target/.built" -type f 2>/dev/null)" ]; then
        echo "Building the Elasticsearch node (Maven) ..."
        mvn -q -B -f "${PROJECT}/pom.xml" package
        touch "${PROJECT}/target/.built"
    fi
}

running() {
    [ -f "${PID_FILE}" ] && kill -0 "$(cat "${PID_FILE}")" 2>/dev/null
}

wait_for_yellow() {
    local deadline=$((SECONDS + ${ES_START_TIMEOUT:-180}))
    until curl -fsS "${URL}/_cluster/health?wait_for_status=yellow&timeout=5s" >/dev/null 2>&1; do
        if ! running; then
            echo "The Elasticsearch node stopped; its log: ${HOME_DIR}/node.log" >&2
            tail -n 40 "${HOME_DIR}/node.log" >&2 || true
            return 1
        fi
        if [ "${SECONDS}" -ge "${deadline}" ]; then
            echo "Elasticsearch on ${URL} did not become ready; log: ${HOME_DIR}/node.log" >&2
            return 1
        fi
        sleep 1
    done
    echo "Elasticsearch is ready on ${URL}"
}

start() {
    if running; then
        wait_for_yellow
        return
    fi
    if curl -fsS "${URL}/" >/dev/null 2>&1; then
        echo "Something already answers on ${URL}; not starting a second node." >&2
        wait_for_yellow
        return
    fi
    build
    mkdir -p "${HOME_DIR}"
    # Data of an earlier run is thrown away: indexes are rebuilt from the database.
    rm -rf "${HOME_DIR}/data"
    nohup java "-Xms${HEAP}" "-Xmx${HEAP}" -XX:+UseG1GC -Djava.awt.headless=true \
        -Dlog4j2.disable.jmx=true -Dio.netty.allocator.type=pooled \
        -cp "${PROJECT}/target/classes:${PROJECT}/target/lib/*" \
        org.quartier.esnode.Main "${HOME_DIR}" "${PORT}" "${TRANSPORT_PORT}" \
        >"${HOME_DIR}/node.log" 2>&1 </dev/null &
    echo $! >"${PID_FILE}"
    wait_for_yellow
}

stop() {
    if running; then
        local pid
        pid="$(cat "${PID_FILE}")"
        kill "${pid}"
        for _ in $(seq 1 30); do
            kill -0 "${pid}" 2>/dev/null || break
            sleep 1
        done
        kill -9 "${pid}" 2>/dev/null || true
        echo "Elasticsearch on ${URL} stopped"
    else
        echo "No Elasticsearch node of ours runs on ${URL}"
    fi
    rm -f "${PID_FILE}"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) running && echo "running on ${URL} (pid $(cat "${PID_FILE}"))" || { echo "not running"; exit 1; } ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
