#!/bin/sh
# Install vitrina as a kiosk on this machine (Debian 12, run as root from the source
# folder). From the source: install the Debian packages the build needs (make deps),
# build, and `make install` (programs in /usr/local). Given the vitrina .deb (make deb
# builds it), install that with apt-get instead of building. Then: the vitrina user and
# its folders, the config, the kiosk on tty1 and the sync agent beside it, no login
# prompt on the other consoles (logind: NAutoVTs=0, ReserveVT=0), and Ctrl-Alt-Del
# that does not reboot. Installing the package alone never does these last steps.
#
# Large text: --font large (Uni2-TerminusBold32x16, 16x32 pixels a cell), --font medium
# (Uni2-TerminusBold24x12) or --font normal (the system's font); run on a terminal without
# --font, it asks. The kiosk needs 80x24 cells: large needs a screen of 1280x768 or more
# (800x480 gives 50x15), medium 960x576. The choice is console_font in the config.
set -eu
usage="usage: kiosk/install.sh [--font large|medium|normal] [vitrina_VERSION_ARCH.deb]"
font_choice=""
deb=""
while [ $# -gt 0 ]; do
	case "$1" in
	--font) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; font_choice=$2; shift 2 ;;
	--font=*) font_choice=${1#--font=}; shift ;;
	-h|--help) echo "$usage"; exit 0 ;;
	-*) echo "$usage" >&2; exit 2 ;;
	*) [ -z "$deb" ] || { echo "$usage" >&2; exit 2; }; deb=$1; shift ;;
	esac
done
case "$font_choice" in
""|large|medium|normal) ;;
*) echo "install.sh: --font must be large, medium or normal" >&2; exit 2 ;;
esac
if [ -n "$deb" ]; then
	[ -f "$deb" ] || { echo "install.sh: $deb: no such file" >&2; exit 2; }
	case "$deb" in /*) ;; *) deb=$(pwd)/$deb ;; esac
	pkg=$(dpkg-deb -f "$deb" Package 2>/dev/null) || pkg=""
	[ "$pkg" = vitrina ] || {
		echo "install.sh: $deb is not the vitrina package (the kiosk's .deb)" >&2; exit 2; }
fi
[ "$(id -u)" = 0 ] || { echo "install.sh: run as root" >&2; exit 1; }
cd "$(dirname "$0")/.."

# The screen's size in pixels, when the framebuffer tells it ("" otherwise).
fb_w=""
fb_h=""
if [ -r /sys/class/graphics/fb0/virtual_size ]; then
	IFS=, read -r fb_w fb_h < /sys/class/graphics/fb0/virtual_size || true
fi
font_for() {
	case "$1" in
	large) echo Uni2-TerminusBold32x16 ;;
	medium) echo Uni2-TerminusBold24x12 ;;
	esac
}
# Check a text size against the screen: 1 (and why) when its cells, width / cell width by
# height / cell height, are fewer than the 80x24 the kiosk needs.
check_font() {
	case "$1" in
	large) w=16; h=32; need=1280x768 ;;
	medium) w=12; h=24; need=960x576 ;;
	*) return 0 ;;
	esac
	if [ -z "$fb_w" ] || [ -z "$fb_h" ]; then
		echo "install.sh: screen size unknown (no /sys/class/graphics/fb0/virtual_size):" \
		     "the $1 font needs a screen of at least $need pixels for 80x24 cells." >&2
		return 0
	fi
	cols=$((fb_w / w))
	rows=$((fb_h / h))
	[ "$cols" -ge 80 ] && [ "$rows" -ge 24 ] && return 0
	echo "install.sh: on this ${fb_w}x${fb_h} screen the $1 font gives ${cols}x${rows} cells," \
	     "below the 80x24 the kiosk needs (it would show only \"too small\")." \
	     "It needs at least $need pixels: choose a smaller size." >&2
	return 1
}
if [ -z "$font_choice" ] && [ -t 0 ]; then
	size=""
	[ -z "$fb_w" ] || size=" (${fb_w}x${fb_h} pixels)"
	echo "Text size on the kiosk's screen$size, for visitors with low vision:"
	echo "  large   Uni2-TerminusBold32x16: needs 1280x768 or more (800x480 gives 50x15 cells)"
	echo "  medium  Uni2-TerminusBold24x12: needs 960x576 or more"
	echo "  normal  the system's font (the default)"
	while :; do
		printf "Text size [normal]: "
		read -r font_choice || font_choice=normal
		case "${font_choice:-normal}" in
		large|medium) check_font "$font_choice" && break ;;
		normal) font_choice=normal; break ;;
		*) echo "Please answer large, medium or normal." ;;
		esac
	done
fi
check_font "$font_choice" || exit 1
export DEBIAN_FRONTEND=noninteractive
if [ -n "$deb" ]; then
	apt-get install -y "$deb"
	share=/usr/share/vitrina
else
	# A fresh Debian has no make: install it, then the build's own list (make deps).
	./kiosk/deps.sh make
	make deps
	make all
	make install PREFIX=/usr/local
	share=/usr/local/share/vitrina
	id vitrina >/dev/null 2>&1 ||
		adduser --system --group --home /var/lib/vitrina --no-create-home \
			--shell /usr/sbin/nologin --gecos "vitrina kiosk" vitrina
	[ -d /var/lib/vitrina ] || install -d -o vitrina -g vitrina -m 700 /var/lib/vitrina
	# The config holds the PIN's hash: the kiosk's group may read it, no one else
	# (unless dpkg keeps its own owner and mode for it).
	if [ -z "$(dpkg-statoverride --list /etc/vitrina/kiosk.conf 2>/dev/null)" ]; then
		chgrp vitrina /etc/vitrina/kiosk.conf
		chmod 640 /etc/vitrina/kiosk.conf
	fi
fi
# Copies of the units that older versions of this script put in /etc/systemd/system
# would hide the installed ones: set them aside.
for u in vitrina-kiosk.service vitrina-sync.service; do
	if [ -f "/etc/systemd/system/$u" ]; then
		mv "/etc/systemd/system/$u" "/etc/systemd/system/$u.old"
		echo "install.sh: moved an old /etc/systemd/system/$u to $u.old"
	fi
done
# The console font the kiosk's unit sets on tty1 (console_font; normal: none).
if [ -n "$font_choice" ]; then
	font=$(font_for "$font_choice")
	if [ -z "$font" ]; then
		sed -i 's/^[[:space:]]*console_font[[:space:]]*=/#&/' /etc/vitrina/kiosk.conf
	elif grep -q '^[[:space:]]*console_font[[:space:]]*=' /etc/vitrina/kiosk.conf; then
		sed -i "s/^[[:space:]]*console_font[[:space:]]*=.*/console_font = $font/" \
			/etc/vitrina/kiosk.conf
	else
		echo "console_font = $font" >> /etc/vitrina/kiosk.conf
	fi
fi
# A console font that has Lithuanian, Polish and Cyrillic letters, applied by the
# kiosk's unit with setupcon (console-setup); the large fonts come with it too.
command -v setupcon >/dev/null ||
	apt-get install -y -qq --no-install-recommends console-setup kbd >/dev/null ||
	echo "install.sh: cannot install console-setup (the console fonts)" >&2
if [ -f /etc/default/console-setup ]; then
	sed -i 's/^CODESET=.*/CODESET="Uni2"/; s/^FONTFACE=.*/FONTFACE="Terminus"/' \
		/etc/default/console-setup
fi
# No login prompt on the other consoles (applies from the next boot).
install -D -m 644 "$share/vitrina-logind.conf" /etc/systemd/logind.conf.d/vitrina.conf
systemctl mask ctrl-alt-del.target
mkdir -p /etc/systemd/system.conf.d
printf '[Manager]\nCtrlAltDelBurstAction=none\n' > /etc/systemd/system.conf.d/vitrina.conf
systemctl daemon-reload
systemctl disable getty@tty1.service || true
systemctl enable --now vitrina-kiosk.service vitrina-sync.service
echo "vitrina is installed. Edit /etc/vitrina/kiosk.conf (see the comments in it, and"
echo "man kiosk.conf), then: systemctl restart vitrina-kiosk vitrina-sync."
echo "Reboot once so that no other console offers a login."
