# Fuzzing (tests/fuzz/README.md), included by the main Makefile.
#   make fuzz [FUZZ_SECONDS=N]   build every tests/fuzz/fuzz_*.c with libFuzzer, ASan and
#                                UBSan into build-fuzz/ and run each for N seconds (60)
#   make fuzz-build              only build them
# Each target reads its seeds from tests/fuzz/corpus/TARGET and writes what it finds to
# build-fuzz/corpus/TARGET; crash files go to build-fuzz/. Fails if a target crashes.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_BUILD   ?= build-fuzz
FUZZ_FLAGS    = -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_SEED    ?= 0
# -seed=0 is a new random seed each run; CI passes a fixed one so that its runs can be
# repeated here. ASan's quarantine is kept small: the default (256 MB) made a target's
# memory grow to 500 MB in a minute, and a crash report is printed when a run fails.
FUZZ_RUN_OPTS = -timeout=10 -rss_limit_mb=1024 -seed=$(FUZZ_SEED)
FUZZ_ASAN     = ASAN_OPTIONS=quarantine_size_mb=16:$(ASAN_OPTIONS)
# clang also applies -Wformat-nonliteral to vsnprintf(fmt, ap) in a function without a
# format attribute (util.c's xvasprintf), which gcc does not: that one is turned off.
FUZZ_WARN     = $(or $(WARN),-Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
                -Wmissing-prototypes -Wwrite-strings -Werror) -Wno-format-nonliteral
FUZZ_CPPFLAGS = $(or $(CPPFLAGS),-std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
                -DVERSION='"fuzz"')
FUZZ_PKGS     = ncursesw sqlite3 jansson libcrypto libcurl libmicrohttpd libpq espeak-ng libqrencode
FUZZ_PC_CFLAGS := $(shell pkg-config --cflags $(FUZZ_PKGS) 2>/dev/null)
FUZZ_LIBS    := $(shell pkg-config --libs $(FUZZ_PKGS) 2>/dev/null) -lcrypt -lm -lpthread

# What the targets link: the engine (src/*.c), the hub without its main, the ui toolkit
# (fuzz_keys only) and the targets' shared helpers.
FUZZ_UI_SRC     = $(wildcard src/ui/*.c)
FUZZ_ENGINE_SRC = $(wildcard src/*.c)
FUZZ_HUB_SRC    = $(filter-out src/hub/main.c,$(wildcard src/hub/*.c))
FUZZ_TARGETS    = $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))

fuzz_obj = $(1:%.c=$(FUZZ_BUILD)/obj/%.o)
FUZZ_ENGINE_LIB = $(FUZZ_BUILD)/libengine.a
FUZZ_HUB_LIB    = $(FUZZ_BUILD)/libhub.a
FUZZ_UI_LIB     = $(FUZZ_BUILD)/libui.a
FUZZ_COMMON_OBJ = $(call fuzz_obj,tests/fuzz/common.c)

.PHONY: fuzz fuzz-build $(FUZZ_TARGETS:%=fuzz-run-%)

fuzz-build: $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/%)

fuzz: $(FUZZ_TARGETS:%=fuzz-run-%)

$(FUZZ_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_WARN) $(FUZZ_FLAGS) -Isrc -Isrc/hub -Isrc/ui \
	  -Itests/fuzz $(FUZZ_PC_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_ENGINE_LIB): $(call fuzz_obj,$(FUZZ_ENGINE_SRC))
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_HUB_LIB): $(call fuzz_obj,$(FUZZ_HUB_SRC))
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_UI_LIB): $(call fuzz_obj,$(FUZZ_UI_SRC))
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_keys: $(FUZZ_UI_LIB)

# Each target takes from the libraries only the parts it uses.
$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/obj/tests/fuzz/fuzz_%.o $(FUZZ_COMMON_OBJ) $(FUZZ_HUB_LIB) \
                      $(FUZZ_ENGINE_LIB)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $(filter %.o %/libui.a,$^) $(FUZZ_HUB_LIB) \
	  $(FUZZ_ENGINE_LIB) $(FUZZ_LIBS)

# One run: seeds from the repository, new finds in build-fuzz/corpus, one summary line.
$(FUZZ_TARGETS:%=fuzz-run-%): fuzz-run-%: $(FUZZ_BUILD)/%
	@mkdir -p $(FUZZ_BUILD)/corpus/$* $(FUZZ_BUILD)/tmp tests/fuzz/corpus/$*
	@log=$(FUZZ_BUILD)/$*.log; \
	$(FUZZ_ASAN) TMPDIR=$(abspath $(FUZZ_BUILD)/tmp) nice -n $(or $(FUZZ_NICE),0) $(FUZZ_BUILD)/$* \
	  -max_total_time=$(FUZZ_SECONDS) $(FUZZ_RUN_OPTS) -artifact_prefix=$(FUZZ_BUILD)/$*- \
	  $(FUZZ_BUILD)/corpus/$* tests/fuzz/corpus/$* >$$log 2>&1; rc=$$?; \
	last=$$(grep -E '^#[0-9]+.*cov: ' $$log | tail -n 1); \
	runs=$$(printf '%s\n' "$$last" | sed -n 's/^#\([0-9]*\).*/\1/p'); \
	cov=$$(printf '%s\n' "$$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p'); \
	ft=$$(printf '%s\n' "$$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p'); \
	crashes=$$(grep -c 'Test unit written to' $$log); \
	if [ $$rc -ne 0 ] && [ $$crashes -eq 0 ]; then crashes=1; fi; \
	printf '%-20s %12s execs  cov %-6s ft %-7s crashes %s\n' $* "$${runs:-0}" \
	  "$${cov:-?}" "$${ft:-?}" $$crashes; \
	if [ $$rc -ne 0 ]; then grep -v -E '^#[0-9]+' $$log | tail -n 60; \
	  echo "$*: crashed (exit $$rc), see $$log"; exit 1; fi

-include $(shell find $(FUZZ_BUILD)/obj -name '*.d' 2>/dev/null)
