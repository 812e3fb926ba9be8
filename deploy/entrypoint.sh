#!/bin/sh
# Container entrypoint: bring the training log's schema up to date, then run the command
# (by default `occlusion serve`). Several containers may start at once: on PostgreSQL the
# upgrade holds an advisory lock, so one migrates and the others wait and find nothing to do.
# A database that is not reachable yet (the database container still starting) is retried.
set -eu

attempts="${OCCLUSION_DB_WAIT_ATTEMPTS:-30}"
pause_s="${OCCLUSION_DB_WAIT_S:-2}"
try=1
until occlusion db upgrade; do
    if [ "$try" -ge "$attempts" ]; then
        echo "entrypoint: the database did not become ready after $attempts attempts" >&2
        exit 1
    fi
    try=$((try + 1))
    sleep "$pause_s"
done
# Several workers write their metrics to files here; start each run with none left over.
if [ -n "${PROMETHEUS_MULTIPROC_DIR:-}" ]; then
    rm -rf "$PROMETHEUS_MULTIPROC_DIR"
    mkdir -p "$PROMETHEUS_MULTIPROC_DIR"
fi
exec "$@"
