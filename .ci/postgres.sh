#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for the tests marked `postgres`.
#   source .ci/postgres.sh start   # installs postgresql if missing, starts a cluster in a temp
#                                  # dir, exports SAMVERKAN_TEST_POSTGRES_URL
#   .ci/postgres.sh stop           # stops it and removes the temp dir
# PostgreSQL refuses to run as root: as root the server runs as the `postgres` user.
set -euo pipefail

PG_STATE="${PG_STATE:-/tmp/samverkan-ci-postgres}"
PG_PORT="${PG_PORT:-55432}"

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
}

as_pg_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  if [ -z "$(pg_bin)" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
  fi
  local bin; bin="$(pg_bin)"
  pg_stop >/dev/null 2>&1 || true
  mkdir -p "$PG_STATE"
  if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_STATE"; fi
  as_pg_user "$bin/initdb" -D "$PG_STATE/data" -U samverkan --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  as_pg_user "$bin/pg_ctl" -D "$PG_STATE/data" -l "$PG_STATE/log" -w \
    -o "-p $PG_PORT -k $PG_STATE -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
  as_pg_user "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U samverkan samverkan_test
  export SAMVERKAN_TEST_POSTGRES_URL="postgresql+psycopg://samverkan@127.0.0.1:$PG_PORT/samverkan_test"
  echo "PostgreSQL running: $SAMVERKAN_TEST_POSTGRES_URL"
}

pg_stop() {
  local bin; bin="$(pg_bin)"
  if [ -n "$bin" ] && [ -d "$PG_STATE/data" ]; then
    as_pg_user "$bin/pg_ctl" -D "$PG_STATE/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_STATE"
}

case "${1:-}" in
  start) pg_start ;;
  stop) pg_stop ;;
  *) echo "usage: source .ci/postgres.sh start | .ci/postgres.sh stop" >&2; return 2 2>/dev/null || exit 2 ;;
esac
