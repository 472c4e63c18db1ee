# Build tooling for Sasaeai. `make help` lists the targets.
#
#   make demo     fresh machine -> venv, install, migrate SQLite, load the demo, serve on :8000
#   make test     what CI runs (.ci/run): installs, lint, pytest on SQLite, then on PostgreSQL
#   make lint     ruff check, ruff format --check, mypy
#   make format   ruff check --fix, ruff format
#   make bench    the benchmarks under bench/
#   make clean    caches and db.sqlite3 (the venv stays)
#
# Variables: PYTHON (python3), VENV (.venv), PYTEST_ARGS (passed to every pytest run),
# REQUIRE_POSTGRES=1 (fail instead of falling back to SQLite only), DEMO_ADDR (127.0.0.1:8000).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.NOTPARALLEL:
MAKEFLAGS += --no-print-directory

# Debian's /usr/bin/python3 (3.11, built with the usual optimisations) when it can make a venv:
# it runs this code about a quarter faster than a python3 built without them. Else python3.
SYSTEM_PYTHON := $(shell /usr/bin/python3 -c 'import venv, ensurepip' >/dev/null 2>&1 && echo /usr/bin/python3)
PYTHON ?= $(or $(SYSTEM_PYTHON),python3)
VENV ?= .venv
PYTEST_ARGS ?=
BENCH_ARGS ?=
REQUIRE_POSTGRES ?=
DEMO_ADDR ?= 127.0.0.1:8000
# Debian packages the tests use: Chromium for Playwright (no `playwright install`),
# IPAex fonts for Japanese PDFs, poppler-utils to read PDFs back.
DEBS := chromium fonts-ipaexfont poppler-utils

BIN := $(VENV)/bin
PIP := PIP_NO_INPUT=1 $(BIN)/python -m pip --disable-pip-version-check
RUN := VENV=$(VENV)

.PHONY: help demo install install-test debs test lint test-sqlite test-postgres bench format clean

help:
	@sed -n '3,12s/^# \{0,1\}//p' $(firstword $(MAKEFILE_LIST))

# --- installs: each runs only when pyproject.toml is newer than its stamp -----------------------

$(VENV)/pyvenv.cfg:
	@echo "== venv: $(VENV) =="
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml $(VENV)/pyvenv.cfg
	@echo "== pip install -e . =="
	@$(PIP) install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/pyvenv.cfg
	@echo "== pip install -e '.[test]' =="
	@$(PIP) install -q -e '.[test]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

debs:
	@bash scripts/ensure-debs.sh $(DEBS)

# --- targets -------------------------------------------------------------------------------------

demo: $(VENV)/.installed
	@$(RUN) DEMO_ADDR=$(DEMO_ADDR) bash scripts/demo.sh

test: install-test debs lint test-sqlite test-postgres

lint: $(VENV)/.installed-test
	@echo "== ruff check =="
	$(BIN)/ruff check .
	@echo "== ruff format --check =="
	$(BIN)/ruff format --check .
	@echo "== mypy =="
	$(BIN)/mypy

test-sqlite: $(VENV)/.installed-test
	@echo "== pytest (SQLite) =="
	@env -u DATABASE_URL $(RUN) PYTEST_DB_LABEL=SQLite bash scripts/pytest.sh $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-test
	@echo "== pytest (PostgreSQL) =="
	@$(RUN) REQUIRE_POSTGRES=$(REQUIRE_POSTGRES) bash scripts/test-postgres.sh $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	@$(RUN) bash scripts/bench.sh $(BENCH_ARGS)

format: $(VENV)/.installed-test
	@rc=0; $(BIN)/ruff check --fix . || rc=$$?; $(BIN)/ruff format .; exit $$rc

clean:
	rm -rf .pytest_cache .mypy_cache .ruff_cache .hypothesis test-results build
	find . \( -path ./$(VENV) -o -path ./.git \) -prune -o -type d -name __pycache__ -prune \
		-exec rm -rf {} +
	rm -f db.sqlite3 db.sqlite3-journal db.sqlite3-wal db.sqlite3-shm
