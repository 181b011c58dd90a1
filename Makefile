# morgue - build, test, demo and install.
#
#   make demo     install missing build dependencies, build, index corpus/, query it
#   make check    install missing dependencies, build, run every test (plain and
#                 under AddressSanitizer + UndefinedBehaviorSanitizer)
#   make valgrind install valgrind, build, run the tests under valgrind memcheck
#   make install PREFIX=DIR
#   make fuzz     run each fuzz harness (fuzz/) under libFuzzer for FUZZ_SECONDS (30)
#
# Objects go to $(BUILD) (build/ by default; build/asan for the sanitizer run).

BUILD   ?= build
PREFIX  ?= /usr/local
SANITIZE ?=

PKGS     = xapian-core libutf8proc jansson zlib libxml-2.0
# Debian packages: what building needs, and what the tests need on top.
BUILD_DEBS = gcc g++ make pkg-config libxapian-dev libutf8proc-dev libjansson-dev zlib1g-dev libxml2-dev libsqlite3-dev libjemalloc-dev
TEST_DEBS  = jq xapian-tools strace

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

CC      ?= cc
CXX     ?= c++
OPT     ?= -O2
WARN     = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter
CFLAGS  += -std=c11 $(OPT) -g $(WARN) -D_GNU_SOURCE -Iinclude -Ilib -Iindexer -Iquery -Icli $(PKG_CFLAGS) $(SANITIZE)
CXXFLAGS += -std=c++11 $(OPT) -g -Wall -Wextra -Iinclude -Ilib $(PKG_CFLAGS) $(SANITIZE)
LDFLAGS += $(SANITIZE)
LDLIBS  += $(PKG_LIBS) -lm

LIB_C    = $(wildcard lib/*.c)
LIB_CXX  = lib/xbind.cc
IDX_C    = $(filter-out indexer/main.c,$(wildcard indexer/*.c indexer/parse/*.c indexer/readers/*.c))
QRY_C    = $(filter-out query/main.c,$(wildcard query/*.c))
CLI_C    = $(wildcard cli/*.c)
TEST_C   = $(wildcard tests/unit/test_*.c)
BENCH_C  = $(wildcard bench/*.c)
FUZZ_C   = $(filter-out fuzz/replay.c,$(wildcard fuzz/*.c))

LIB_O    = $(LIB_C:%.c=$(BUILD)/%.o) $(LIB_CXX:%.cc=$(BUILD)/%.o)
IDX_O    = $(IDX_C:%.c=$(BUILD)/%.o)
QRY_O    = $(QRY_C:%.c=$(BUILD)/%.o)
CLI_O    = $(CLI_C:%.c=$(BUILD)/%.o)
TESTS    = $(TEST_C:tests/unit/%.c=$(BUILD)/tests/%)
BENCHES  = $(BENCH_C:bench/%.c=$(BUILD)/bench/%)
REPLAYS  = $(FUZZ_C:fuzz/%.c=$(BUILD)/fuzz/%-replay)

BINS     = $(BUILD)/morgue-index $(BUILD)/morgue-query
LIBA     = $(BUILD)/libmorgue.a
LIBSO    = $(BUILD)/libmorgue.so

.PHONY: all demo check valgrind test asan deps deps-test install clean bench-extract eval bench pages fuzz fuzz-build
.SUFFIXES:

all: $(BINS) $(LIBSO) $(TESTS) $(BENCHES) $(REPLAYS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fPIC -MMD -MP -c -o $@ $<

$(BUILD)/%.o: %.cc
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS) -fPIC -MMD -MP -c -o $@ $<

$(LIBA): $(LIB_O)
	rm -f $@
	ar rcs $@ $^

# The shared library exports the public morgue_ names only.
$(LIBSO): $(LIB_O) lib/libmorgue.map
	$(CXX) -shared -Wl,--version-script=lib/libmorgue.map -Wl,-soname,libmorgue.so.1 -o $@ $(LIB_O) $(LDFLAGS) $(LDLIBS)

# morgue-index allocates through jemalloc: Xapian's many small allocations
# cost a build about a fifth less CPU than with glibc's malloc
# (bench/README.md, "Allocator"). Not morgue-query, a short process that
# jemalloc's start-up only slows; not under the sanitizers, which bring
# their own.
ifeq ($(SANITIZE),)
BIN_MALLOC = -ljemalloc
endif

$(BUILD)/morgue-index: $(BUILD)/indexer/main.o $(IDX_O) $(CLI_O) $(LIBA)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(BIN_MALLOC)

$(BUILD)/morgue-query: $(BUILD)/query/main.o $(QRY_O) $(CLI_O) $(LIBA)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Unit tests may use internal headers; reader tests link the readers, the
# sink that keeps what a reader emits and their temporary files
# (tests/unit/sink.c, tests/unit/tempfile.c).
TEST_HELP_O = $(BUILD)/tests/unit/sink.o $(BUILD)/tests/unit/tempfile.o
$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(TEST_HELP_O) $(IDX_O) $(LIBA)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Benchmark programs: one per bench/*.c, linked like the unit tests.
$(BUILD)/bench/%: $(BUILD)/bench/%.o $(IDX_O) $(LIBA)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# querybench times FTS5 in process, through SQLite's C library.
$(BUILD)/bench/querybench.o: CFLAGS += -DBENCH_SQLITE3
$(BUILD)/bench/querybench: LDLIBS += -lsqlite3
# buildcost measures morgue-index's build, so it allocates the same way.
$(BUILD)/bench/buildcost: LDLIBS += $(BIN_MALLOC)

# Fuzz harnesses (fuzz/*.c): with the build's compiler each is linked with
# fuzz/replay.c into NAME-replay, which runs it once on the files it is given
# (tests/cli/T61-fuzz-regressions.sh); with clang and libFuzzer, into
# fuzzers/NAME (make fuzz).
$(BUILD)/fuzz/%-replay: $(BUILD)/fuzz/%.o $(BUILD)/fuzz/replay.o $(IDX_O) $(LIBA)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/fuzzers/%: $(BUILD)/fuzz/%.o $(IDX_O) $(LIBA)
	@mkdir -p $(dir $@)
	$(CXX) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

# Run every harness under libFuzzer for FUZZ_SECONDS each (fuzz/run.sh). The
# library and readers are built with clang and instrumented for coverage,
# AddressSanitizer and UndefinedBehaviorSanitizer; libxapian is not.
FUZZ_BUILD   = build/fuzz-clang
FUZZ_SECONDS ?= 30
FUZZ_SAN     = -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
fuzz: deps
	@sh tests/deps.sh clang libclang-rt-14-dev
	$(MAKE) fuzz-build
	sh fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

fuzz-build:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang CXX=clang++ OPT=-O1 SANITIZE="$(FUZZ_SAN)" \
	    $(FUZZ_C:fuzz/%.c=$(FUZZ_BUILD)/fuzzers/%)

CORPORA ?= ../shared/corpora

# HTML main-text extraction quality on the article-extraction benchmark.
bench-extract: deps
	$(MAKE) $(BUILD)/bench/extract
	$(BUILD)/bench/extract $(CORPORA)/article-extraction-benchmark

# Ranking quality on the IR test collections against Xapian and FTS5.
EVAL_DEBS = xapian-tools xapian-omega sqlite3
eval: deps
	@sh tests/deps.sh $(EVAL_DEBS)
	$(MAKE) all
	sh bench/eval.sh $(BUILD) $(CORPORA)/ir-dev

# The result pages of the bench's queries, for comparing two versions that
# must rank alike (bench/pages.sh): PAGES_OUT gets one line a page.
PAGES_OUT ?= $(BUILD)/pages.txt
pages: deps
	@sh tests/deps.sh jq
	$(MAKE) all
	sh bench/pages.sh $(BUILD) $(CORPORA) $(PAGES_OUT)

# Ingestion and query speed, memory and size against scriptindex and FTS5.
bench: deps
	@sh tests/deps.sh $(EVAL_DEBS)
	$(MAKE) all
	sh bench/bench.sh $(BUILD) $(CORPORA)

# Dependencies: install what is missing (apt-get, through sudo when not root).
deps:
	@sh tests/deps.sh $(BUILD_DEBS)

deps-test:
	@sh tests/deps.sh $(BUILD_DEBS) $(TEST_DEBS)

test: all
	@sh tests/run.sh $(BUILD)

asan:
	$(MAKE) BUILD=build/asan OPT=-O1 SANITIZE="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" all

check: deps-test
	$(MAKE) all
	$(MAKE) asan
	@sh tests/check.sh

# The suite under valgrind memcheck: no memory error and no leak in the
# unit tests, nor in any morgue-index or morgue-query the CLI tests run.
valgrind: deps-test
	@sh tests/deps.sh valgrind
	$(MAKE) all
	@sh tests/valgrind.sh $(BUILD)

# The demo indexes the fixtures of corpus/ that are not flawed on purpose:
# the broken/ folders and the broken*, truncated*, latin1*, cp1252* files,
# and the three files whose oddities a test relies on, exist to make the
# indexer warn, and 40 warnings alarm a newcomer. What the indexer still says
# goes to $(DEMO_LOG); a fatal error (exit 2 or more) prints it and fails.
DEMO_DB  = $(BUILD)/demo.db
DEMO_LOG = $(BUILD)/demo-index.log
DEMO_SKIP = ! -path '*/broken/*' ! -name '*broken*' ! -name '*truncated*' \
            ! -name '*latin1*' ! -name '*cp1252*' ! -name unusual-headers.csv \
            ! -name readers-letters.mbox ! -name latimes-odd.trec
demo: deps
	@echo "Building morgue (make all) ..."
	@$(MAKE) -s --no-print-directory all
	@rm -rf $(DEMO_DB)
	@echo "Indexing the clean fixtures of corpus/ into $(DEMO_DB):"
	@find corpus -type f $(DEMO_SKIP) | sort | \
	    $(BUILD)/morgue-index -q --db $(DEMO_DB) - 2>$(DEMO_LOG); \
	    rc=$$?; grep '^morgue-index: [0-9]* added' $(DEMO_LOG); \
	    if [ $$rc -ge 2 ]; then cat $(DEMO_LOG) >&2; exit $$rc; fi; \
	    if [ $$rc -eq 1 ]; then echo "(some inputs were skipped: $(DEMO_LOG) says why)"; fi
	@echo
	@echo "$$ morgue-query --db $(DEMO_DB) 'Maduro sanctions'"
	@$(BUILD)/morgue-query --db $(DEMO_DB) 'Maduro sanctions'
	@echo
	@echo "Next: README.md, 'Searching' (query syntax, output formats); to index your own files, 'Indexing'."

# libmorgue.pc names PREFIX (not DESTDIR: that is where a package is staged,
# not where it runs). The shared library brings its own dependencies; a
# static link (pkg-config --static) needs them, and the C++ runtime of
# lib/xbind.cc, too: Libs.private. morgue.h includes only standard headers,
# so Cflags needs no dependency's. The bash completion is one script,
# installed under each tool's name, where bash-completion looks for it.
VERSION = 0.1
COMPLETIONS = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	    $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man3 \
	    $(DESTDIR)$(PREFIX)/lib/pkgconfig $(COMPLETIONS)
	printf '%s\n' 'prefix=$(PREFIX)' 'libdir=$${prefix}/lib' 'includedir=$${prefix}/include' '' \
	    'Name: libmorgue' 'Description: full-text search of a news archive, over Xapian' \
	    'Version: $(VERSION)' 'Libs: -L$${libdir} -lmorgue' \
	    'Libs.private: $(strip $(PKG_LIBS)) -lstdc++ -lm' 'Cflags: -I$${includedir}' \
	    >$(DESTDIR)$(PREFIX)/lib/pkgconfig/libmorgue.pc
	install -m 644 cli/morgue-completion.bash $(COMPLETIONS)/morgue-index
	install -m 644 cli/morgue-completion.bash $(COMPLETIONS)/morgue-query
	install -m 755 $(BINS) $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(LIBA) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(LIBSO) $(DESTDIR)$(PREFIX)/lib/libmorgue.so.1
	ln -sf libmorgue.so.1 $(DESTDIR)$(PREFIX)/lib/libmorgue.so
	install -m 644 include/morgue.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 docs/morgue-index.1 docs/morgue-query.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 docs/libmorgue.3 $(DESTDIR)$(PREFIX)/share/man/man3/

clean:
	rm -rf build

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
