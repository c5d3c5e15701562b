#!/bin/sh
# Install vitrina as a kiosk on this machine (Debian 12, run as root from the source
# folder): build, install the programs, create the vitrina user and folders, put the
# kiosk on tty1 and the sync agent beside it, and stop Ctrl-Alt-Del from rebooting.
set -eu
[ "$(id -u)" = 0 ] || { echo "install.sh: run as root" >&2; exit 1; }
cd "$(dirname "$0")/.."
make all
make install PREFIX=/usr/local
id vitrina >/dev/null 2>&1 || useradd --system --home-dir /var/lib/vitrina --shell /usr/sbin/nologin vitrina
install -d -o vitrina -g vitrina -m 700 /var/lib/vitrina
install -d -m 755 /etc/vitrina
[ -f /etc/vitrina/kiosk.conf ] || install -m 640 -g vitrina kiosk/kiosk.conf.example /etc/vitrina/kiosk.conf
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
