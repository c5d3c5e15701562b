#!/bin/sh
# A throwaway PostgreSQL server for the tests and benchmarks, never the system's own
# cluster: `tests/pg_cluster.sh start DIR` makes one in DIR (initdb, then pg_ctl with a
# Unix socket in DIR and no TCP) and prints its connection string; `stop DIR` stops it
# and removes DIR; `down DIR` and `up DIR` stop and start it keeping its data. Exits 77
# (skip) with a message when PostgreSQL is not installed.
# As root the server runs as the user "postgres" (or "nobody"): it refuses root.
# PG_FSYNC=off (the test runner's server) spares the disk flushes that make each new
# database take most of a second; a power cut is not what those tests are about. The
# benchmarks keep fsync on, as a real server has it.
set -eu
cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|down|up|stop DIR" >&2; exit 2; }

bin=
for d in "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")" \
	 /usr/lib/postgresql/*/bin; do
	if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then bin=$d; fi
done
if [ -z "$bin" ]; then
	echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
	exit 77
fi

as_user() {
	if [ "$(id -u)" -ne 0 ]; then "$@"; return; fi
	u=postgres
	id "$u" >/dev/null 2>&1 || u=nobody
	runuser -u "$u" -- "$@"
}

opts="-c fsync=${PG_FSYNC:-on}"
case $cmd in
start)
	mkdir -p "$dir"
	if [ "$(id -u)" -eq 0 ]; then
		u=postgres; id "$u" >/dev/null 2>&1 || u=nobody
		chown "$u" "$dir"
	fi
	as_user "$bin/initdb" -D "$dir/data" -U vitrina --auth=trust --no-instructions \
		-E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-k $dir -c listen_addresses= -c max_connections=200 -c shared_buffers=64MB $opts" \
		start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
	echo "host=$dir user=vitrina dbname=postgres"
	;;
down)    # the server stopped, its data kept (a failover, a restart)
	as_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	;;
up)
	as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-k $dir -c listen_addresses= -c max_connections=200 -c shared_buffers=64MB $opts" \
		start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
	;;
stop)
	if [ -d "$dir/data" ]; then
		as_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir"
	;;
*)
	echo "usage: $0 start|down|up|stop DIR" >&2
	exit 2
	;;
esac
