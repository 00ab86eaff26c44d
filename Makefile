# Thin wrapper over CMake presets. `make run` and `make test` install what is missing first.
SHELL := /bin/bash
JOURNAL ?= run
SOURCES = $(shell find src tests bench -name '*.cpp' -o -name '*.h' 2>/dev/null)

.PHONY: help deps browser-deps api-deps run cluster test check bench soak fuzz build-dev build-release format format-check lint clean

help:
	@echo "make run     install what is missing, build, and serve a demo journal on http://127.0.0.1:8080"
	@echo "make cluster the demo journal on PostgreSQL: three nodes behind nginx on http://127.0.0.1:8080"
	@echo "make test    install what is missing, build with sanitizers, check format and includes, run every test"
	@echo "make check   unit tests only (fast)"
	@echo "make format  apply .clang-format;  make lint  check module includes against their DEPS"
	@echo "make soak    ten minutes of mixed load on the release build: errors, p99 per kind, memory"
	@echo "make bench   tapchi against nginx on 10,000 and 100,000 articles (report in bench/out/)"
	@echo "make fuzz    build the libFuzzer targets with clang and run each FUZZ_SECONDS (default 60)"

deps:
	@bash scripts/deps.sh

# Every build bundles the writing view (editor/) with node, so node comes first.
build-release:
	@bash scripts/deps.sh --node
	@cmake --preset release >/dev/null
	@cmake --build --preset release

build-dev:
	@bash scripts/deps.sh --node
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev

# Creates the demo journal in $(JOURNAL)/ the first time, then serves it.
run: build-release
	@if [ ! -f $(JOURNAL)/tapchi.toml ]; then \
	  build/release/src/tapchi init $(JOURNAL) --name "Tạp chí Sông Hồng" && \
	  build/release/src/tapchi demo --config $(JOURNAL)/tapchi.toml; \
	fi
	build/release/src/tapchi serve --config $(JOURNAL)/tapchi.toml

# PostgreSQL, three nodes and nginx as load balancer, on 127.0.0.1; see scripts/cluster.sh.
cluster: build-release
	@bash scripts/deps.sh --bench
	@bash scripts/cluster.sh

# Debian's chromium, node and npm, then playwright-core as locked in tests/browser.
browser-deps:
	@bash scripts/deps.sh --browser
	@npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error

# @redocly/cli as locked in tests/api, which lints the API's OpenAPI document.
api-deps:
	@bash scripts/deps.sh --node
	@npm ci --prefix tests/api --no-audit --no-fund --loglevel=error

test: browser-deps api-deps build-dev format-check lint
	ctest --preset dev

check: build-dev
	ctest --preset dev -L unit

# SOAK_SECONDS (default 600) of mixed load on the release build; see bench/soak.sh.
soak: build-release
	@bash scripts/deps.sh --node
	@bash bench/soak.sh

# Installs nginx and wrk, builds the release, measures; see bench/run.sh.
bench:
	@bash bench/run.sh

# clang's libFuzzer targets (tests/fuzz), each run over a copy of its seeds; a crash fails it.
FUZZ_SECONDS ?= 60
fuzz:
	@bash scripts/deps.sh --fuzz --node
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh

format:
	@clang-format -i $(SOURCES)

format-check:
	@clang-format --dry-run --Werror $(SOURCES) && echo "format: ok"

lint:
	@bash scripts/lint_includes.sh

clean:
	rm -rf build
