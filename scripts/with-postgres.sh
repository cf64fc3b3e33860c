#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster, then removes the cluster.
#
#   scripts/with-postgres.sh .venv/bin/pytest
#
# The cluster lives in a fresh temporary directory, listens on a free port on 127.0.0.1 only
# (plus a Unix socket inside the temporary directory), trusts every local connection and is
# tuned for speed, not durability (fsync off). CMD runs with
#   DATABASE_URL=postgres://postgres@127.0.0.1:PORT/gongkai
# and the cluster is always stopped and deleted afterwards, even when CMD fails or is
# interrupted. The script exits with CMD's exit code.
#
# PG_BIN overrides where initdb/pg_ctl/postgres are found (default: the newest
# /usr/lib/postgresql/*/bin). As root the server runs as the `postgres` user, because
# initdb and postgres refuse to run as root.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

log() { echo "[with-postgres] $*" >&2; }

if [ -z "${PG_BIN:-}" ]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
fi
if [ -z "${PG_BIN:-}" ] || [ ! -x "$PG_BIN/initdb" ] || [ ! -x "$PG_BIN/pg_ctl" ]; then
  log "PostgreSQL server binaries not found (looked in ${PG_BIN:-/usr/lib/postgresql/*/bin})."
  log "Install them with: apt-get install -y postgresql  (or set PG_BIN)"
  exit 2
fi

# As root, run the server tools as `postgres`; as any other user, run them as that user.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    log "running as root but there is no 'postgres' user to run the server as"
    exit 2
  fi
  as_pg=(runuser -u postgres --)
fi

PGROOT=$(mktemp -d -t gongkai-pg.XXXXXX)
PGDATA_DIR="$PGROOT/data"
PGLOG="$PGROOT/server.log"
started=0

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$started" -eq 1 ]; then
    local t0=$SECONDS
    if ! "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null; then
      log "pg_ctl stop failed; server log follows"
      tail -n 40 "$PGLOG" >&2 || true
    fi
    log "cluster stopped in $((SECONDS - t0)) s"
  fi
  rm -rf "$PGROOT"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$PGROOT"
fi
chmod 700 "$PGROOT"

t_start=$SECONDS
"${as_pg[@]}" "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 \
  --locale=C.UTF-8 --no-sync >"$PGROOT/initdb.log" 2>&1 || {
  log "initdb failed:"
  cat "$PGROOT/initdb.log" >&2
  exit 1
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Another process may grab the port between choosing and binding it; try a few ports.
for attempt in 1 2 3; do
  PGPORT_CHOSEN=$(free_port)
  if "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGLOG" -w -t 60 \
    -o "-p $PGPORT_CHOSEN -c listen_addresses=127.0.0.1 -c unix_socket_directories=$PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null; then
    started=1
    break
  fi
  log "start on port $PGPORT_CHOSEN failed (attempt $attempt)"
  tail -n 20 "$PGLOG" >&2 || true
done
if [ "$started" -ne 1 ]; then
  log "could not start PostgreSQL"
  exit 1
fi

"$PG_BIN/createdb" -h 127.0.0.1 -p "$PGPORT_CHOSEN" -U postgres gongkai
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT_CHOSEN," \
  "ready in $((SECONDS - t_start)) s (data in $PGDATA_DIR)"

export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT_CHOSEN/gongkai"
export PGHOST=127.0.0.1 PGPORT="$PGPORT_CHOSEN" PGUSER=postgres

set +e
"$@"
rc=$?
set -e
exit "$rc"
