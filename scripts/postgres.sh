#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on 127.0.0.1, for tests and benchmarks: nothing of the
# machine's own PostgreSQL is used or touched.
#   scripts/postgres.sh start DIR [--durable] [--port N] [--stats]   initdb, start (on a free
#                                               port unless --port), write DIR/url; --stats
#                                               loads pg_stat_statements (benchmarks count work)
#   scripts/postgres.sh stop DIR                stop it and remove its data
#   scripts/postgres.sh halt DIR                stop it, keeping its data (the database "goes away")
#   scripts/postgres.sh resume DIR              start it again on the same port
#   scripts/postgres.sh standby DIR --of PRIMARY_DIR   a streaming hot standby of the cluster
#                                               PRIMARY_DIR names (pg_basebackup), on a port of
#                                               its own; stop, halt and resume work on it too
# DIR/url holds postgresql://tapchi@127.0.0.1:PORT (no database: each user creates its own).
# The data lives in a directory of its own under /tmp, owned by the user the server runs as:
# PostgreSQL refuses to run as root, so as root it runs as `nobody`. Without --durable the
# cluster trades crash safety for speed (fsync off), which tests of behaviour do not need;
# benchmarks pass --durable.
set -euo pipefail

usage() { echo "usage: scripts/postgres.sh start|stop|halt|resume|standby DIR [--durable] [--port N] [--stats] [--of PRIMARY_DIR]" >&2; exit 2; }
[ $# -ge 2 ] || usage
action=$1
dir=$2
shift 2
durable=0
fixed_port=""
primary=""
stats=0
while [ $# -gt 0 ]; do
  case "$1" in
    --durable) durable=1 ;;
    --port) fixed_port=${2:-}; [ -n "$fixed_port" ] || usage; shift ;;
    --of) primary=${2:-}; [ -n "$primary" ] || usage; shift ;;
    --stats) stats=1 ;;
    *) usage ;;
  esac
  shift
done

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "postgres.sh: PostgreSQL's server is not installed (scripts/deps.sh installs it)" >&2; exit 1; }

as_server() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u nobody -- "$@"
  else
    "$@"
  fi
}

stop() {
  [ -f "$dir/data" ] || return 0
  local data
  data=$(cat "$dir/data")
  if [ -f "$data/postmaster.pid" ]; then
    as_server "$bindir/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$data"
  rm -f "$dir/data" "$dir/url" "$dir/log" "$dir/options"
}

case "$action" in
  stop)
    stop
    ;;
  halt)
    as_server "$bindir/pg_ctl" -D "$(cat "$dir/data")/cluster" -m fast -w stop >>"$dir/log" 2>&1
    ;;
  resume)
    as_server "$bindir/pg_ctl" -D "$(cat "$dir/data")/cluster" -l "$(cat "$dir/data")/server.log" \
      -w -t 30 -o "$(cat "$dir/options")" start >>"$dir/log" 2>&1
    ;;
  start | standby)
    [ "$action" = start ] || [ -f "$primary/url" ] || usage
    mkdir -p "$dir"
    stop
    data=$(mktemp -d /tmp/tapchi-postgres.XXXXXX)
    echo "$data" >"$dir/data"
    [ "$(id -u)" -eq 0 ] && chown nobody "$data"
    if [ "$action" = start ]; then
      as_server "$bindir/initdb" -D "$data/cluster" -U tapchi --auth=trust --encoding=UTF8 \
        --locale=C.UTF-8 >"$dir/log" 2>&1 || { cat "$dir/log" >&2; exit 1; }
    else
      # The primary's whole cluster, with standby.signal and primary_conninfo (-R): it replays the
      # primary's WAL as it streams and answers reads meanwhile (hot_standby is on by default).
      primary_port=$(sed 's/.*://' "$primary/url")
      as_server "$bindir/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U tapchi \
        -D "$data/cluster" -R -X stream --checkpoint=fast >"$dir/log" 2>&1 ||
        { cat "$dir/log" >&2; exit 1; }
    fi
    options="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$data -c max_connections=300"
    if [ "$durable" -eq 0 ]; then
      options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    if [ "$stats" -eq 1 ]; then
      options+=" -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
    fi
    for attempt in 1 2 3 4 5 6 7 8 9 10; do
      port=${fixed_port:-$((20000 + RANDOM % 30000))}
      if as_server "$bindir/pg_ctl" -D "$data/cluster" -l "$data/server.log" -w -t 30 \
        -o "-p $port $options" start >>"$dir/log" 2>&1; then
        echo "postgresql://tapchi@127.0.0.1:$port" >"$dir/url"
        echo "-p $port $options" >"$dir/options"
        echo "postgres.sh: PostgreSQL ($action) on 127.0.0.1:$port, data in $data"
        exit 0
      fi
      [ -z "$fixed_port" ] || break
    done
    cat "$dir/log" "$data/server.log" >&2 || true
    exit 1
    ;;
  *) usage ;;
esac
