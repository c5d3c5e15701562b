# vitrina: the kiosk (build/vitrina), the hub (build/vitrina-hub), their tests.
# Every .c file in src/, screens/, src/hub/ and tests/ is picked up by wildcard,
# so adding a file needs no change here.

PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
CC       ?= cc
PKGS      = ncursesw sqlite3 libcurl jansson libcrypto
HUB_PKGS  = sqlite3 jansson libcrypto libmicrohttpd
TEST_PKGS = $(PKGS) libmicrohttpd vterm
DEB_PKGS  = build-essential pkg-config libncurses-dev libsqlite3-dev libcurl4-openssl-dev \
            libjansson-dev libssl-dev libmicrohttpd-dev libvterm-dev libcrypt-dev gettext \
            locales ca-certificates
VERSION   = 0.1.0

WARN     = -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
           -Wwrite-strings -Werror
CFLAGS  ?= -O2 -g
CPPFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -DVERSION='"$(VERSION)"' \
            -DLOCALEDIR='"$(PREFIX)/share/locale"' -DSAMPLEDIR='"$(PREFIX)/share/vitrina"' -Isrc
ALL_CFLAGS = $(CPPFLAGS) $(WARN) $(CFLAGS)

pc_cflags = $(shell pkg-config --cflags $(1) 2>/dev/null)
pc_libs   = $(shell pkg-config --libs $(1) 2>/dev/null)

UI_SRC     = $(wildcard src/ui*.c)
CLI_SRC    = $(wildcard src/cli_*.c)
ENGINE_SRC = $(filter-out src/main.c $(UI_SRC) $(CLI_SRC),$(wildcard src/*.c))
KIOSK_SRC  = $(wildcard screens/*.c) $(UI_SRC) $(CLI_SRC) src/main.c
HUB_SRC    = $(wildcard src/hub/*.c)
TEST_SRC   = $(wildcard tests/*.c)

ENGINE_OBJ = $(ENGINE_SRC:%.c=$(BUILD)/%.o)
KIOSK_OBJ  = $(KIOSK_SRC:%.c=$(BUILD)/%.o)
HUB_OBJ    = $(HUB_SRC:%.c=$(BUILD)/%.o)
HUB_LIB    = $(filter-out $(BUILD)/src/hub/main.o,$(HUB_OBJ))
TEST_OBJ   = $(TEST_SRC:%.c=$(BUILD)/%.o)

LIBS     = $(call pc_libs,$(PKGS)) -lcrypt -lm -lpthread
HUB_LIBS = $(call pc_libs,$(HUB_PKGS) libcurl) -lcrypt -lm -lpthread
TEST_LIBS = $(call pc_libs,$(TEST_PKGS)) -lcrypt -lm -lpthread -lutil

.PHONY: all run test check-asan lint install clean deps bench mo pot update-po
all: $(BUILD)/vitrina $(BUILD)/vitrina-hub mo

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(call pc_cflags,$(TEST_PKGS)) -MMD -MP -c $< -o $@

$(BUILD)/vitrina: $(KIOSK_OBJ) $(ENGINE_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/vitrina-hub: $(HUB_OBJ) $(ENGINE_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(HUB_LIBS)

# The test runner links the engine and the hub's library parts; it drives the
# real binaries for TUI, hub and sync tests.
$(BUILD)/tests/list.h: $(TEST_SRC)
	@mkdir -p $(dir $@)
	@sed -n 's/^TEST(\([a-z0-9_]*\)).*/\1/p' $(TEST_SRC) | \
	  awk '{d = d "void test_" $$1 "(void);\n"; t = t "\t{\"" $$1 "\", test_" $$1 "},\n"} \
	       END {printf "%s#define TEST_TABLE \\\n%s\n", d, t}' | sed 's/,$$/, \\/' > $@.tmp
	@mv $@.tmp $@

$(BUILD)/tests/runner.o: $(BUILD)/tests/list.h
$(BUILD)/tests/%.o: CPPFLAGS += -I$(BUILD)/tests -Itests

$(BUILD)/test-runner: $(TEST_OBJ) $(ENGINE_OBJ) $(HUB_LIB)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(TEST_LIBS)

run: deps $(BUILD)/vitrina mo
	$(BUILD)/vitrina

test: deps all $(BUILD)/test-runner
	$(BUILD)/test-runner $(T)

check-asan: deps
	$(MAKE) BUILD=build-asan CFLAGS='-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' test

bench: deps all $(BUILD)/test-runner
	VITRINA_BENCH_DB=$${VITRINA_BENCH_DB:-$(BUILD)/bench-100k.db} $(BUILD)/test-runner --bench $(T)

lint:
	@! grep -nE '\b(sprintf|strcpy|strcat|gets|atoi|strtok)\s*\(' src/*.c src/*.h src/hub/*.c screens/*.c tests/*.c 2>/dev/null | grep -v 'snprintf\|vsnprintf' || \
	  { echo "lint: banned function (see STYLE.md)"; exit 1; }
	@! grep -nE '^.{101,}' src/*.c src/*.h src/hub/*.c src/hub/*.h screens/*.c screens/*.h tests/*.c tests/*.h 2>/dev/null || \
	  { echo "lint: line longer than 100 columns"; exit 1; }
	@! grep -lnE '#include.*curses' $(ENGINE_SRC) $(HUB_SRC) $(filter-out src/ui%,$(wildcard src/*.h)) 2>/dev/null || \
	  { echo "lint: the engine and the hub must not include curses"; exit 1; }
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
	  src/*.c screens/*.c
update-po: pot
	for po in locale/*.po; do msgmerge -q --update --backup=none $$po locale/vitrina.pot; done

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/vitrina
	install -m 755 $(BUILD)/vitrina $(BUILD)/vitrina-hub $(DESTDIR)$(PREFIX)/bin/
	install -m 644 kiosk/sample.json $(DESTDIR)$(PREFIX)/share/vitrina/
	for l in $(LANGS); do install -D -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/vitrina.mo \
	  $(DESTDIR)$(PREFIX)/share/locale/$$l/LC_MESSAGES/vitrina.mo; done

clean:
	rm -rf build build-asan

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
