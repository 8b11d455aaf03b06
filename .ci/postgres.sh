#!/usr/bin/env bash
# Starts a throwaway PostgreSQL for mj-store-jdbc's tests, idempotently:
#   - installs Debian's postgresql package if no server binary is found (needs root),
#   - initialises a cluster in $MJ_PG_DIR (default /tmp/mj4j-pg) owned by the postgres user,
#   - starts it on 127.0.0.1:$MJ_PG_PORT (default 5432) unless it already runs,
#   - creates role mj4j (password mj4j) and database mj4j if missing,
#   - prints the export lines the tests read (MJ_TEST_PG_URL, MJ_TEST_PG_USER, MJ_TEST_PG_PASSWORD).
# Use:  eval "$(bash .ci/postgres.sh)"     (progress goes to stderr, the exports to stdout)
set -euo pipefail

PG_DIR="${MJ_PG_DIR:-/tmp/mj4j-pg}"
PG_PORT="${MJ_PG_PORT:-5432}"
PG_DATA="$PG_DIR/data"
PG_SOCK="$PG_DIR/sock"
PG_LOG="$PG_DIR/server.log"

log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/postgres" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

BIN="$(find_bindir || true)"
if [ -z "$BIN" ]; then
  log "no PostgreSQL server found; installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >&2
  apt-get install -y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold postgresql >&2
  BIN="$(find_bindir)"
fi

# the server refuses to run as root: everything below runs as the postgres user the package created
if ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi
as_pg() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

mkdir -p "$PG_DIR" "$PG_SOCK"
if [ "$(id -u)" = "0" ]; then
  chown postgres:postgres "$PG_DIR" "$PG_SOCK"
fi

if [ ! -s "$PG_DATA/PG_VERSION" ]; then
  log "initialising a cluster in $PG_DATA"
  rm -rf "$PG_DATA"
  as_pg "$BIN/initdb" -D "$PG_DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --locale=C.UTF-8 >/dev/null 2>&1 || as_pg "$BIN/initdb" -D "$PG_DATA" -U postgres \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >/dev/null
fi

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; }

if as_pg "$BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
  log "server already running ($PG_DATA)"
else
  if port_busy; then
    # the package's own cluster ("main") may have been started by the install: it holds the port
    if command -v pg_lsclusters >/dev/null 2>&1; then
      pg_lsclusters --no-header 2>/dev/null | while read -r ver name port status _; do
        if [ "$port" = "$PG_PORT" ] && [ "$status" = "online" ]; then
          log "stopping the packaged cluster $ver/$name that holds port $PG_PORT"
          pg_ctlcluster "$ver" "$name" stop >&2 || true
        fi
      done
    fi
    if port_busy; then
      log "port $PG_PORT on 127.0.0.1 is taken by another program; set MJ_PG_PORT to another port"
      exit 1
    fi
  fi
  log "starting the server on 127.0.0.1:$PG_PORT"
  as_pg "$BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 30 start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_SOCK -c max_connections=100" >/dev/null
fi

psql_admin() {
  as_pg "$BIN/psql" -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = 'mj4j'")" != "1" ]; then
  log "creating role mj4j"
  psql_admin -c "CREATE ROLE mj4j LOGIN PASSWORD 'mj4j'" >/dev/null
fi
if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = 'mj4j'")" != "1" ]; then
  log "creating database mj4j"
  psql_admin -c "CREATE DATABASE mj4j OWNER mj4j" >/dev/null
fi

echo "export MJ_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/mj4j"
echo "export MJ_TEST_PG_USER=mj4j"
echo "export MJ_TEST_PG_PASSWORD=mj4j"
