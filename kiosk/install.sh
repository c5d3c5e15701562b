#!/bin/sh
# Install vitrina as a kiosk on this machine (Debian 12, run as root from the source
# folder): build, install the programs, create the vitrina user and folders, put the
# kiosk on tty1 and the sync agent beside it, and stop Ctrl-Alt-Del from rebooting.
#
# Large text: --font large (Uni2-TerminusBold32x16, 16x32 pixels a cell), --font medium
# (Uni2-TerminusBold24x12) or --font normal (the system's font); run on a terminal without
# --font, it asks. The kiosk needs 80x24 cells: large needs a screen of 1280x768 or more
# (800x480 gives 50x15), medium 960x576. The choice is console_font in the config.
set -eu
usage="usage: kiosk/install.sh [--font large|medium|normal]"
font_choice=""
while [ $# -gt 0 ]; do
	case "$1" in
	--font) [ $# -ge 2 ] || { echo "$usage" >&2; exit 2; }; font_choice=$2; shift 2 ;;
	--font=*) font_choice=${1#--font=}; shift ;;
	-h|--help) echo "$usage"; exit 0 ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
done
case "$font_choice" in
""|large|medium|normal) ;;
*) echo "install.sh: --font must be large, medium or normal" >&2; exit 2 ;;
esac
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
make all
make install PREFIX=/usr/local
id vitrina >/dev/null 2>&1 || useradd --system --home-dir /var/lib/vitrina --shell /usr/sbin/nologin vitrina
install -d -o vitrina -g vitrina -m 700 /var/lib/vitrina
install -d -m 755 /etc/vitrina
[ -f /etc/vitrina/kiosk.conf ] || install -m 640 -g vitrina kiosk/kiosk.conf.example /etc/vitrina/kiosk.conf
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
	if [ -n "$font" ]; then
		[ -f "/usr/share/consolefonts/$font.psf.gz" ] ||
			apt-get install -y -qq --no-install-recommends console-setup-linux kbd >/dev/null ||
			echo "install.sh: cannot install the console fonts (console-setup-linux)" >&2
	fi
fi
install -m 644 kiosk/vitrina-kiosk.service /etc/systemd/system/
[ -f kiosk/vitrina-sync.service ] && install -m 644 kiosk/vitrina-sync.service /etc/systemd/system/
# A console font that has Lithuanian, Polish and Cyrillic letters.
if [ -f /etc/default/console-setup ]; then
	sed -i 's/^CODESET=.*/CODESET="Uni2"/; s/^FONTFACE=.*/FONTFACE="Terminus"/' /etc/default/console-setup
fi
systemctl mask ctrl-alt-del.target
mkdir -p /etc/systemd/system.conf.d
printf '[Manager]\nCtrlAltDelBurstAction=none\n' > /etc/systemd/system.conf.d/vitrina.conf
systemctl daemon-reload
systemctl disable getty@tty1.service || true
systemctl enable --now vitrina-kiosk.service
[ -f /etc/systemd/system/vitrina-sync.service ] && systemctl enable --now vitrina-sync.service
echo "vitrina is installed. Edit /etc/vitrina/kiosk.conf (see the comments in it)."
