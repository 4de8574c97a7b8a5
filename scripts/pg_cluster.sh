#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on loopback for tests and local runs (Debian's postgresql 15).
#   scripts/pg_cluster.sh start DIR [PORT]   initdb into DIR, start, create database peerhours;
#                                            prints the URL (postgres://postgres@127.0.0.1:PORT/peerhours)
#   scripts/pg_cluster.sh stop DIR           fast shutdown of the cluster in DIR
#   scripts/pg_cluster.sh restart DIR        immediate restart (a crash of the database server)
# As root, the cluster runs as the postgres user; otherwise as the caller.
set -euo pipefail
command=${1:?start, stop or restart}
dir=${2:?a directory for the cluster}
port=${3:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/pg_ctl" ] || { echo "PostgreSQL server programs not found (apt-get install postgresql)" >&2; exit 1; }
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$command" in
  start)
    mkdir -p "$dir"
    # The postgres user must be able to enter it (a mktemp directory is 700, root's).
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
    # fsync and synchronous_commit stay on (the defaults): an acknowledged commit survives a crash.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=1000 -c synchronous_commit=on" start >/dev/null
    as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE peerhours" >/dev/null
    echo "postgres://postgres@127.0.0.1:$port/peerhours"
    ;;
  stop)
    [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null || true
    ;;
  restart)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m immediate -w -t 60 restart >/dev/null
    ;;
  *) echo "unknown command $command" >&2; exit 2 ;;
esac
