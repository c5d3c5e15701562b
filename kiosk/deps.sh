#!/bin/sh
# Install the Debian packages the build needs, or say exactly what to run.
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null || exit 1
else
	echo "deps: missing packages; run as root:" >&2
	echo "  apt-get install$missing" >&2
	exit 1
fi
