# Lianfang (联防) - plain Makefile, pkg-config, no configure step.
#
#   make            build ./lianfang (release, -O2)
#   make demo       install what is missing, build, create a demo city, serve it
#   make check      all tests: layout rules, unit (cmocka, ASan+UBSan), API, browser,
#                   fuzz replay, on SQLite, then on PostgreSQL (scripts/check says how)
#   make bench      benchmarks (bench/run), never part of the tests
#   make fuzz       short libFuzzer runs (clang)
#   make DEVELOPER=1 adds -std=c11 -pedantic -Werror
#
# Objects go to build/rel (release) and build/san (sanitizers); header
# dependencies are tracked with -MMD.

PKGS     := sqlite3 libpq libh2o-evloop jansson libsodium openssl xlsxwriter libqrencode zlib minizip expat freexl
CC       ?= cc
CFLAGS   ?= -O2 -g
WARN     := -Wall -Wextra -Wshadow -Wno-unused-parameter -Wno-format-truncation -Werror
ifeq ($(DEVELOPER),1)
WARN     += -pedantic
endif
DEFS     := -D_GNU_SOURCE -DH2O_USE_LIBUV=0 -DH2O_USE_EPOLL=1
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
ALL_CFLAGS = -std=c11 $(WARN) $(DEFS) -Isrc -Ibuild/gen $(PKG_CFLAGS) -MMD -MP
LIBS     := $(PKG_LIBS) -lpthread -lm

SAN      := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
SAN_CFLAGS := -O1 -g $(SAN)

SRC_LIB  := $(wildcard src/util/*.c src/core/*.c src/store/*.c src/http/*.c src/sim/*.c) \
            build/gen/schema_sqlite.c build/gen/schema_pg.c
SRC_CLI  := $(wildcard src/cli/*.c)
SRC_UNIT := tests/unit/main.c tests/unit/fixture.c $(wildcard tests/unit/*/*.c) \
            build/gen/err_uses.c

REL_LIB  := $(patsubst %.c,build/rel/%.o,$(SRC_LIB))
REL_CLI  := $(patsubst %.c,build/rel/%.o,$(SRC_CLI))
SAN_LIB  := $(patsubst %.c,build/san/%.o,$(SRC_LIB))
SAN_CLI  := $(patsubst %.c,build/san/%.o,$(SRC_CLI))
SAN_UNIT := $(patsubst %.c,build/san/%.o,$(SRC_UNIT))
SCHEMA_SQLITE := $(sort $(wildcard src/store/schema/sqlite/*.sql))
SCHEMA_PG     := $(sort $(wildcard src/store/schema/pg/*.sql))

.PHONY: all deps demo check layout unit api browser fuzz-replay fuzz bench clean web-vendor web
all: lianfang web

deps:
	@scripts/deps build

lianfang: $(REL_LIB) $(REL_CLI)
	$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

build/san/lianfang: $(SAN_LIB) $(SAN_CLI)
	$(CC) $(SAN_CFLAGS) -o $@ $^ $(LIBS)

build/san/unit-tests: $(SAN_UNIT) $(SAN_LIB)
	$(CC) $(SAN_CFLAGS) -o $@ $^ $(LIBS) -lcmocka

# quiet unless V=1
Q := $(if $(V),,@)
build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS) $(ALL_CFLAGS) -c -o $@ $<

build/san/%.o: %.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC san  $<")
	$(Q)$(CC) $(SAN_CFLAGS) $(ALL_CFLAGS) -Itests/unit -c -o $@ $<

# The migrations are compiled into the program, so a binary carries the
# schema it expects and upgrades any older database on start; each engine
# has its own list (schema_sqlite[], schema_pg[]) of the same versions.
build/gen/schema_sqlite.c: $(SCHEMA_SQLITE) scripts/embed-sql
	@mkdir -p $(dir $@)
	scripts/embed-sql sqlite $(SCHEMA_SQLITE) > $@.tmp && mv $@.tmp $@

build/gen/schema_pg.c: $(SCHEMA_PG) scripts/embed-sql
	@mkdir -p $(dir $@)
	scripts/embed-sql pg $(SCHEMA_PG) > $@.tmp && mv $@.tmp $@

# Every error text written in src/, for the unit test that finds each in
# the error table (src/core/err_table.h): a new or reworded error without
# its row fails make unit.
SRC_ALL  := $(sort $(shell find src -name '*.[ch]'))
build/gen/err_uses.c: $(SRC_ALL) scripts/err-formats.mjs
	@mkdir -p $(dir $@)
	node scripts/err-formats.mjs $(SRC_ALL) > $@.tmp && mv $@.tmp $@

# Front-end packages from npm (package.json), served by our own static root
# and never from a CDN: copied from node_modules into web/vendor/ (ignored
# by git). scripts/deps installs them (npm ci) for the build and test profiles.
# jsQR decodes the camera's frames where the browser has no BarcodeDetector
# (in a worker: web/js/qr_worker.js).
WEB_VENDOR := web/vendor/echarts.esm.min.js web/vendor/jsQR.js
web-vendor: $(WEB_VENDOR)
web/vendor/echarts.esm.min.js: package-lock.json
	@test -f node_modules/echarts/dist/echarts.esm.min.js || \
	    { echo "node_modules/echarts is missing: run scripts/deps build (npm ci)" >&2; exit 1; }
	@mkdir -p $(dir $@)
	cp node_modules/echarts/dist/echarts.esm.min.js $@
web/vendor/jsQR.js: package-lock.json
	@test -f node_modules/jsqr/dist/jsQR.js || \
	    { echo "node_modules/jsqr is missing: run scripts/deps build (npm ci)" >&2; exit 1; }
	@mkdir -p $(dir $@)
	cp node_modules/jsqr/dist/jsQR.js $@

# The served tree (scripts/web-build.mjs): the pages with their scripts and
# style sheets under content-hashed names in build/web/s/ (cached for good),
# each text file beside its brotli and gzip forms. `serve --web build/web`.
WEB_SRC := $(wildcard web/*.html web/js/*.js web/css/*.css) $(WEB_VENDOR)
web: build/web/index.html
build/web/index.html: $(WEB_SRC) scripts/web-build.mjs
	node scripts/web-build.mjs web build/web

DEMO_DB    ?= demo/lianfang.db
DEMO_LISTEN ?= 127.0.0.1:8080
demo:
	@scripts/deps build
	@$(MAKE) --no-print-directory lianfang web
	@mkdir -p $(dir $(DEMO_DB))
	./lianfang demo --db $(DEMO_DB) --division 419001 --seed 1 --days 14 --outbreak 10 --force
	@echo "open http://$(DEMO_LISTEN)/ and log in as admin (or another account above) with the password above; Ctrl-C stops"
	./lianfang serve --db $(DEMO_DB) --listen $(DEMO_LISTEN) --web build/web

# The suites on SQLite, then on PostgreSQL: $LIANFANG_TEST_PG, or a
# throw-away cluster scripts/check starts and stops itself. make unit, api
# and browser run one suite on the engine $LIANFANG_TEST_PG names (none:
# SQLite).
check:
	@scripts/deps test
	@$(MAKE) --no-print-directory layout
	@scripts/check

# the layout rules of docs/ARCHITECTURE.md (includes, where SQL lives, sizes)
layout:
	@tests/layout/check.sh

unit: build/san/unit-tests
	ASAN_OPTIONS=detect_leaks=1 build/san/unit-tests

SAN_ENV := LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp ASAN_OPTIONS=detect_leaks=1
api: build/san/lianfang build/web/index.html
	$(SAN_ENV) LIANFANG_BIN=build/san/lianfang node --test --test-concurrency=1 tests/api/

browser: build/san/lianfang build/web/index.html
	$(SAN_ENV) LIANFANG_BIN=build/san/lianfang node --test --test-concurrency=1 tests/browser/

fuzz-replay: build/san/fuzz-replay
	build/san/fuzz-replay fuzz/regression/*/* fuzz/corpus/*/*

build/san/fuzz-replay: fuzz/replay.c fuzz/fuzz_request.c $(SAN_LIB)
	$(CC) $(SAN_CFLAGS) $(ALL_CFLAGS) -o $@ fuzz/replay.c fuzz/fuzz_request.c $(SAN_LIB) $(LIBS)

fuzz:
	@scripts/deps test
	fuzz/run

bench: lianfang
	@scripts/deps bench
	bench/run

clean:
	rm -rf build lianfang web/vendor

-include $(shell find build -name '*.d' 2>/dev/null)
