# Sourced by the bench scripts: a free loopback port, and a throwaway PostgreSQL server from the Debian packages'
# /usr/lib/postgresql/*/bin (the newest there), run as nobody when the script runs as root (PostgreSQL refuses root).
#
#   free_port                         prints a port nothing listens on
#   pg_start DIR [SETTING ...]        initdb in DIR/data and start on a free port (PG_PORT), logs DIR/initdb.log and
#                                     DIR/server.log; each SETTING is a server setting, e.g. max_connections=200;
#                                     exit 2 on failure
#   pg_create_database NAME           CREATE DATABASE NAME (owner postgres, trust on loopback)
#   pg_stop                           stops the server pg_start started, if any (for an EXIT trap)

PG_BIN="" PG_DATA="" PG_PORT=""

free_port() { # bash's /dev/tcp: no other tool needed
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}

as_pg_user() {
  if [ "$(id -u)" = 0 ]; then setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"; else "$@"; fi
}

pg_start() {
  local dir="$1" options setting
  shift
  PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -x "$PG_BIN/initdb" ] || { echo "$(basename "$0"): no PostgreSQL under /usr/lib/postgresql" >&2; exit 2; }
  mkdir -p "$dir/socket"
  if [ "$(id -u)" = 0 ]; then
    chown -R nobody "$dir"
    # nobody must reach the data directory through every parent
    local up="$dir"
    while up="$(dirname "$up")" && [ "$up" != / ]; do chmod o+x "$up" 2>/dev/null || true; done
  fi
  as_pg_user "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust >"$dir/initdb.log" 2>&1 || {
    echo "$(basename "$0"): initdb failed; see $dir/initdb.log" >&2; exit 2; }
  PG_DATA="$dir/data" PG_PORT="$(free_port)"
  options="-p $PG_PORT -k $dir/socket -c listen_addresses=127.0.0.1"
  for setting in "$@"; do options="$options -c $setting"; done
  as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$dir/server.log" -w start -o "$options" >/dev/null || {
    echo "$(basename "$0"): PostgreSQL did not start; see $dir/server.log" >&2; PG_DATA=""; exit 2; }
}

pg_create_database() {
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE $1" >/dev/null
}

pg_stop() {
  if [ -n "$PG_DATA" ]; then as_pg_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate stop >/dev/null 2>&1 || true; fi
}
