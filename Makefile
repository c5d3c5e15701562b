# vitrina: the kiosk (build/vitrina), the hub (build/vitrina-hub), their tests.
#
# Each layer is a folder, and each folder is picked up by wildcard, so adding a file
# needs no change here:
#   src/         the engine (no curses), built as the static library libvitrina.a
#   src/ui/      the ui toolkit (curses)
#   screens/     one file per screen
#   src/app/     the `vitrina` program: main, the CLI commands, the kiosk entry; from the
#                same files, `vitrina-net` (the commands that talk to the hub, with libcurl,
#                which `vitrina` hands them to) and `vitrina-voice` (speech, espeak-ng)
#   src/hub/     the `vitrina-hub` program
#   tests/       the test runner and every test; tests/fuzz/ the fuzz targets
# A layer sees only its own headers and those of the layers below it (the -I flags
# below), so an include that points up does not compile.

PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
CC       ?= cc
ENGINE_PKGS = sqlite3 jansson libcrypto libcurl
KIOSK_PKGS  = ncursesw $(ENGINE_PKGS) espeak-ng libqrencode
# What each program links: the kiosk's screen keeps to small libraries (DESIGN §9).
# libqrencode and libcrypt are loaded when first needed (a QR code, an admin PIN), not
# at every start (src/ui/ui_qr.c, src/admin.c).
KIOSK_LINK  = ncursesw sqlite3 jansson
NET_LINK    = ncursesw sqlite3 jansson libcrypto libcurl
VOICE_LINK  = espeak-ng jansson
# libpq: the hub's PostgreSQL store (src/hub/store_pg*.c), chosen by --db postgresql://...
HUB_PKGS    = sqlite3 jansson libcrypto libmicrohttpd libpq
TEST_PKGS   = $(KIOSK_PKGS) libmicrohttpd libpq vterm
DEB_PKGS  = build-essential pkg-config libncurses-dev libsqlite3-dev libcurl4-openssl-dev \
            libjansson-dev libssl-dev libmicrohttpd-dev libvterm-dev libcrypt-dev gettext \
            locales ca-certificates libespeak-ng-dev espeak-ng-data libqrencode-dev \
            libpq-dev
VERSION   = 0.1.0

WARN     = -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
           -Wwrite-strings -Werror
CFLAGS  ?= -O2 -g
CPPFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -DVERSION='"$(VERSION)"' \
            -DLOCALEDIR='"$(PREFIX)/share/locale"' -DSAMPLEDIR='"$(PREFIX)/share/vitrina"'
ALL_CFLAGS = $(CPPFLAGS) $(WARN) $(CFLAGS)

# pkg-config, stopping the build with a plain message when a package is missing.
pc = $(shell pkg-config $(1) $(2))$(if $(filter-out 0,$(.SHELLSTATUS)),$(error \
     pkg-config cannot find $(2): run `make deps` as root, or install $(DEB_PKGS)))

ENGINE_SRC = $(wildcard src/*.c)
UI_SRC     = $(wildcard src/ui/*.c)
SCREEN_SRC = $(wildcard screens/*.c)
APP_SRC    = $(wildcard src/app/*.c)
HUB_SRC    = $(wildcard src/hub/*.c)
TEST_SRC   = $(wildcard tests/*.c)

obj = $(1:%.c=$(BUILD)/%.o)
ENGINE_LIB = $(BUILD)/libvitrina.a
NET_ONLY   = src/app/cli_sync.c src/app/cli_enrol.c src/app/cli_review.c src/app/cli_net.c \
             $(wildcard screens/staff_*.c)
KIOSK_ONLY = src/app/net_elsewhere.c
VOICE_SRC  = src/app/voice_main.c
KIOSK_OBJ  = $(call obj,$(filter-out $(NET_ONLY) $(VOICE_SRC),$(APP_SRC) $(SCREEN_SRC)) $(UI_SRC))
NET_OBJ    = $(call obj,$(filter-out $(KIOSK_ONLY) $(VOICE_SRC),$(APP_SRC)) $(SCREEN_SRC) \
             $(UI_SRC))
VOICE_OBJ  = $(call obj,$(VOICE_SRC))
HUB_OBJ    = $(call obj,$(HUB_SRC))
HUB_PARTS  = $(filter-out $(BUILD)/src/hub/main.o,$(HUB_OBJ))
TEST_OBJ   = $(call obj,$(TEST_SRC))

# Include folders and pkg-config packages of each layer.
$(BUILD)/src/%.o:     LAYER_INC = -Isrc
$(BUILD)/src/%.o:     LAYER_PKGS = $(ENGINE_PKGS)
$(BUILD)/src/speech.o: LAYER_PKGS = $(ENGINE_PKGS) espeak-ng
$(BUILD)/src/ui/%.o:  LAYER_INC = -Isrc -Isrc/ui
$(BUILD)/src/ui/%.o:  LAYER_PKGS = $(KIOSK_PKGS)
$(BUILD)/screens/%.o: LAYER_INC = -Isrc -Isrc/ui -Iscreens
$(BUILD)/screens/%.o: LAYER_PKGS = $(KIOSK_PKGS)
$(BUILD)/src/app/%.o: LAYER_INC = -Isrc -Isrc/ui -Iscreens -Isrc/app
$(BUILD)/src/app/%.o: LAYER_PKGS = $(KIOSK_PKGS)
$(BUILD)/src/hub/%.o: LAYER_INC = -Isrc -Isrc/hub
$(BUILD)/src/hub/%.o: LAYER_PKGS = $(HUB_PKGS)
$(BUILD)/tests/%.o:   LAYER_INC = -Isrc -Isrc/ui -Iscreens -Isrc/app -Isrc/hub -Itests \
                                  -I$(BUILD)/tests
$(BUILD)/tests/%.o:   LAYER_PKGS = $(TEST_PKGS)

KIOSK_LIBS = $(call pc,--libs,$(KIOSK_LINK)) -lm
NET_LIBS   = $(call pc,--libs,$(NET_LINK)) -lm
VOICE_LIBS = $(call pc,--libs,$(VOICE_LINK))
HUB_LIBS   = $(call pc,--libs,$(HUB_PKGS)) -lm -lpthread
TEST_LIBS  = $(call pc,--libs,$(TEST_PKGS)) -lcrypt -lm -lpthread -lutil

.PHONY: all run test check-asan lint install clean deps bench mo pot update-po
PROGRAMS = $(BUILD)/vitrina $(BUILD)/vitrina-net $(BUILD)/vitrina-voice $(BUILD)/vitrina-hub
all: $(PROGRAMS) mo

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(LAYER_INC) $(call pc,--cflags,$(LAYER_PKGS)) -MMD -MP -c $< -o $@

$(ENGINE_LIB): $(call obj,$(ENGINE_SRC))
	@rm -f $@
	$(AR) rcs $@ $^

# Each program takes from the library only the engine parts it uses.
$(BUILD)/vitrina: $(KIOSK_OBJ) $(ENGINE_LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(KIOSK_LIBS)

$(BUILD)/vitrina-net: $(NET_OBJ) $(ENGINE_LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(NET_LIBS)

$(BUILD)/vitrina-voice: $(VOICE_OBJ) $(ENGINE_LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(VOICE_LIBS)

$(BUILD)/vitrina-hub: $(HUB_OBJ) $(ENGINE_LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(HUB_LIBS)

# The test runner links every layer but the two mains; it drives the real binaries
# for TUI, hub and sync tests.
$(BUILD)/tests/list.h: $(TEST_SRC)
	@mkdir -p $(dir $@)
	@sed -n 's/^TEST(\([a-z0-9_]*\)).*/\1/p' $(TEST_SRC) | \
	  awk '{d = d "void test_" $$1 "(void);\n"; t = t "\t{\"" $$1 "\", test_" $$1 "},\n"} \
	       END {printf "%s#define TEST_TABLE \\\n%s\n", d, t}' | sed 's/,$$/, \\/' > $@.tmp
	@mv $@.tmp $@

$(BUILD)/tests/runner.o: $(BUILD)/tests/list.h

$(BUILD)/test-runner: $(TEST_OBJ) $(HUB_PARTS) $(ENGINE_LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS)
# The raw limit of the cold start in make bench: a bare ncursesw program.
$(BUILD)/bare-curses: tests/bare/bare_curses.c
	$(CC) $(ALL_CFLAGS) $(call pc,--cflags,ncursesw) -o $@ $< $(call pc,--libs,ncursesw)

run: deps $(BUILD)/vitrina $(BUILD)/vitrina-net $(BUILD)/vitrina-voice mo
	$(BUILD)/vitrina

# make test [T=word] [J=N]: N tests at a time (default: the number of cores).
test: deps all $(BUILD)/test-runner
	$(BUILD)/test-runner $(if $(J),-j $(J)) $(T)

check-asan: deps
	$(MAKE) BUILD=build-asan CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' test

bench: deps all $(BUILD)/test-runner $(BUILD)/bare-curses
	VITRINA_BENCH_DB=$${VITRINA_BENCH_DB:-$(BUILD)/bench-100k.db} $(BUILD)/test-runner --bench $(T)

SOURCES = $(wildcard src/*.[ch] src/*/*.[ch] screens/*.[ch] tests/*.[ch] tests/fuzz/*.[ch])
lint:
	@! grep -nE '\b(sprintf|strcpy|strcat|gets|atoi|strtok)\s*\(' $(SOURCES) | \
	  grep -v 'snprintf\|vsnprintf' || { echo "lint: banned function (see STYLE.md)"; exit 1; }
	@! grep -nE '^.{101,}' $(SOURCES) || { echo "lint: line longer than 100 columns"; exit 1; }
	@! grep -lnE '#include.*curses' $(wildcard src/*.[ch] src/hub/*.[ch]) || \
	  { echo "lint: the engine and the hub must not include curses"; exit 1; }
	@! grep -nE '#include "(catalogue_db|search|outbox|sync|review|admin|hubclient)\.h"' \
	  src/hub/*.[ch] || { echo "lint: the hub must not use the kiosk's parts"; exit 1; }
	@echo "lint: ok"

deps:
	@./kiosk/deps.sh $(DEB_PKGS)

# Translations: .po in locale/ are the source; .mo are built with msgfmt --check.
LANGS = $(basename $(notdir $(wildcard locale/*.po)))
MO    = $(LANGS:%=$(BUILD)/locale/%/LC_MESSAGES/vitrina.mo)
mo: $(MO)
$(BUILD)/locale/%/LC_MESSAGES/vitrina.mo: locale/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<
pot:
	xgettext --from-code=UTF-8 --add-comments=TRANSLATORS -k_ -kN_ -ki18n_nget:1,2 \
	  --package-name=vitrina --package-version=$(VERSION) -o locale/vitrina.pot \
	  src/*.c src/ui/*.c src/app/*.c screens/*.c
update-po: pot
	for po in locale/*.po; do msgmerge -q --update --backup=none $$po locale/vitrina.pot; done

# make install [PREFIX=/usr/local] [DESTDIR=]: the programs (stripped; INSTALL_STRIP= keeps
# the symbols, as the Debian build does for dh_strip), the sample catalogue, the example
# config and the logind drop-in (kiosk/install.sh puts it to work), translations, man
# pages, and the systemd units with ExecStart pointed at BINDIR. /etc/vitrina/kiosk.conf
# is made from the example only when there is none. make uninstall removes all that but
# the config (and never the data in /var/lib/vitrina).
BINDIR   ?= $(PREFIX)/bin
LIBEXECDIR ?= $(PREFIX)/libexec/vitrina
DATADIR  ?= $(PREFIX)/share
MANDIR   ?= $(DATADIR)/man
UNITDIR  ?= $(PREFIX)/lib/systemd/system
INSTALL_STRIP ?= -s
UNITS    = vitrina-kiosk.service vitrina-sync.service vitrina-hub.service \
           vitrina-hub-purge.service vitrina-hub-purge.timer \
           vitrina-hub-backup.service vitrina-hub-backup.timer
SHARED   = sample.json quiz.json kiosk.conf.example vitrina-logind.conf
MANPAGES = man/vitrina.1 man/kiosk.conf.5 man/vitrina-hub.8
CONF     = $(DESTDIR)/etc/vitrina/kiosk.conf
.PHONY: uninstall deb check-package
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBEXECDIR) $(DESTDIR)$(DATADIR)/vitrina \
	  $(DESTDIR)$(UNITDIR)
	install -m 755 $(INSTALL_STRIP) $(BUILD)/vitrina $(BUILD)/vitrina-hub $(DESTDIR)$(BINDIR)/
	install -m 755 $(INSTALL_STRIP) $(BUILD)/vitrina-net $(BUILD)/vitrina-voice \
	  $(DESTDIR)$(LIBEXECDIR)/
	for f in $(SHARED); do if [ -f kiosk/$$f ]; then \
	  install -m 644 kiosk/$$f $(DESTDIR)$(DATADIR)/vitrina/; \
	  else echo "install: kiosk/$$f is missing, not installed" >&2; fi; done
	for l in $(LANGS); do install -D -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/vitrina.mo \
	  $(DESTDIR)$(DATADIR)/locale/$$l/LC_MESSAGES/vitrina.mo; done
	for m in $(MANPAGES); do \
	  install -D -m 644 $$m $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/}; done
	for u in $(UNITS); do if [ -f kiosk/$$u ]; then \
	  sed -E 's#/usr(/local)?/bin/vitrina#$(BINDIR)/vitrina#g' kiosk/$$u > $(DESTDIR)$(UNITDIR)/$$u \
	  && chmod 644 $(DESTDIR)$(UNITDIR)/$$u; \
	  else echo "install: kiosk/$$u is missing, not installed" >&2; fi; done
	[ -e $(CONF) ] || install -D -m 644 kiosk/kiosk.conf.example $(CONF)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/vitrina $(DESTDIR)$(BINDIR)/vitrina-hub
	rm -f $(DESTDIR)$(LIBEXECDIR)/vitrina-net $(DESTDIR)$(LIBEXECDIR)/vitrina-voice
	[ ! -d $(DESTDIR)$(LIBEXECDIR) ] || rmdir --ignore-fail-on-non-empty $(DESTDIR)$(LIBEXECDIR)
	rm -f $(SHARED:%=$(DESTDIR)$(DATADIR)/vitrina/%) $(UNITS:%=$(DESTDIR)$(UNITDIR)/%)
	rm -f $(LANGS:%=$(DESTDIR)$(DATADIR)/locale/%/LC_MESSAGES/vitrina.mo)
	for m in $(MANPAGES); do rm -f $(DESTDIR)$(MANDIR)/man$${m##*.}/$${m##*/}; done
	[ ! -d $(DESTDIR)$(DATADIR)/vitrina ] || rmdir --ignore-fail-on-non-empty \
	  $(DESTDIR)$(DATADIR)/vitrina
	@[ ! -e $(CONF) ] || echo "uninstall: $(CONF) and /var/lib/vitrina are kept"

# make deb: vitrina_VERSION_ARCH.deb and vitrina-hub_VERSION_ARCH.deb in $(BUILD)/deb/, by
# dpkg-buildpackage on a copy of this tree (it writes to the parent folder, and its clean
# step must not touch the build folders here). The packages use PREFIX=/usr (debian/rules).
DEB_OUT = $(BUILD)/deb
DEB_SRC = $(DEB_OUT)/src/vitrina-$(VERSION)
deb:
	@./kiosk/deps.sh $(DEB_PKGS) dpkg-dev debhelper
	@v=$$(dpkg-parsechangelog -S Version); [ "$$v" = "$(VERSION)" ] || \
	  { echo "deb: debian/changelog has version $$v, the Makefile $(VERSION)" >&2; exit 1; }
	rm -rf $(DEB_OUT) && mkdir -p $(DEB_SRC)
	tar -cf - --exclude=./.git --exclude=./build --exclude='./build-*' --exclude=./var \
	  --exclude='./$(BUILD)' . | tar -xf - -C $(DEB_SRC)
	cd $(DEB_SRC) && dpkg-buildpackage -us -uc -b -Jauto
	mv $(DEB_OUT)/src/*.deb $(DEB_OUT)/src/*.buildinfo $(DEB_OUT)/src/*.changes $(DEB_OUT)/
	rm -rf $(DEB_OUT)/src
	@ls -l $(DEB_OUT)/*.deb

# The package test (tests/test_package.c) on the packages make deb built.
check-package: deb all $(BUILD)/test-runner
	VITRINA_DEB_DIR=$(DEB_OUT) $(BUILD)/test-runner package

clean:
	rm -rf build build-asan build-fuzz


# The fuzz targets (tests/fuzz/): make fuzz [FUZZ_SECONDS=N].
-include tests/fuzz/fuzz.mk

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
