#!/bin/sh
# A throwaway PostgreSQL server for the tests and benchmarks, never the system's own
# cluster: `tests/pg_cluster.sh start DIR` makes one in DIR/run (initdb, then pg_ctl with
# a Unix socket in DIR/run, mode 0700, and no TCP) and prints its connection string;
# `stop DIR` stops it and removes DIR; `down DIR` and `up DIR` stop and start it keeping
# its data. Exits 77 (skip) with a message when PostgreSQL is not installed.
# As root the server runs as the user "postgres" (or "nobody"): it refuses root. Only
# DIR/run is that user's; DIR stays the caller's (mode 0711), so nothing the server's
# user can write is ever opened by root.
# PG_FSYNC=off (the test runner's server) spares the disk flushes that make each new
# database take most of a second; a power cut is not what those tests are about. The
# benchmarks keep fsync on, as a real server has it.
set -eu
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|down|up|stop DIR" >&2; exit 2; }
run=$dir/run

bin=
for d in "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")" \
	 $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
	if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then bin=$d; fi
done
if [ -z "$bin" ]; then
	echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
	exit 77
fi

user=
if [ "$(id -u)" -eq 0 ]; then
	user=postgres
	id "$user" >/dev/null 2>&1 || user=nobody
fi
as_user() {
	if [ -z "$user" ]; then "$@"; else runuser -u "$user" -- "$@"; fi
}
opts="-k $run -c listen_addresses= -c unix_socket_permissions=0700"
opts="$opts -c max_connections=200 -c shared_buffers=64MB -c fsync=${PG_FSYNC:-on}"
server_start() {
	as_user "$bin/pg_ctl" -D "$run/data" -l "$run/server.log" -w -t 60 -o "$opts" \
		start >/dev/null || { cat "$run/server.log" >&2; exit 1; }
}

case $cmd in
start)
	mkdir -p "$run"
	chmod 0711 "$dir"
	[ -z "$user" ] || chown "$user" "$run"
	chmod 0700 "$run"
	as_user "$bin/initdb" -D "$run/data" -U vitrina --auth=trust --no-instructions \
		-E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	server_start
	echo "host=$run user=vitrina dbname=postgres"
	;;
down)    # the server stopped, its data kept (a failover, a restart)
	as_user "$bin/pg_ctl" -D "$run/data" -m fast -w stop >/dev/null
	;;
up)
	server_start
	;;
stop)
	# only a folder this script made: never rm -rf whatever was passed
	if [ ! -f "$run/data/PG_VERSION" ] && [ ! -f "$dir/initdb.log" ]; then
		echo "$0: $dir is not a test server's folder" >&2
		exit 2
	fi
	if [ -f "$run/data/PG_VERSION" ]; then
		as_user "$bin/pg_ctl" -D "$run/data" -m fast -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	;;
*)
	echo "usage: $0 start|down|up|stop DIR" >&2
	exit 2
	;;
esac
