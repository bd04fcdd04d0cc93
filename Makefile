# Eunomia: the two commands a newcomer needs are `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The PostgreSQL the test suite runs against on its second pass (trust auth on this machine).
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/eunomia
CHROMIUM ?= /usr/bin/chromium
ONLY ?=
# pytest-xdist workers per pass (this machine has 2 cores). Work stealing: each worker starts on its
# half of the suite in order (so a module's shared set-up is built once) and an idle one takes half of
# what the other has left, so a pass no longer ends with one worker waiting on the other's slow tail.
PYTEST_WORKERS ?= 2
# Test runs keep compiled modules (and pytest's rewritten test modules) in build/pycache, even where the
# environment says not to write them: otherwise every worker and every subprocess a test starts compiles
# Eunomia and the suite again, about ten seconds each.
TEST_PYCACHE := PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/build/pycache
# The suite runs once at a fixed early-morning instant as well as at the real time (ADR 35): `make
# test` runs the SQLite pass at this one (00:30 in London on the night the clocks go back, when
# London's date is not UTC's, at a month's end) and the PostgreSQL pass now.
# `EUNOMIA_TEST_NOW=2027-03-28T00:30:00+00:00 make test` runs both passes at the instant you name.
EARLY_MORNING := 2027-10-31T00:30:00+01:00
EUNOMIA_TEST_NOW ?=

.PHONY: demo test lint test-sqlite test-postgres bench assets install install-test chromium postgres serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $@

install: $(VENV)/.installed assets
install-test: $(VENV)/.installed-test assets

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/static/eunomia/eunomia.css: node_modules/.package-lock.json eunomia/core/static_src/eunomia.scss
	npm run --silent build:css

assets: build/static/eunomia/eunomia.css

# The demo: embedded SQLite in var/, demo data, a server on 127.0.0.1:$(PORT).
demo: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo
	@echo "Eunomia demo on http://127.0.0.1:$(PORT)/ (users and passwords in README.md)"
	@# The worker runs background jobs (imports) beside the server, and run_schedule the scheduled work
	@# (notifications and their emails, printed below, reminders, retention...: README, "Scheduled work");
	@# both stop when the server does.
	@# EUNOMIA_DEMO=1: the demo's members may skip their second factor (README); never in production.
	$(BIN)/python manage.py worker & worker=$$!; $(BIN)/python manage.py run_schedule --forever & schedule=$$!; \
	trap 'kill $$worker $$schedule 2>/dev/null; wait $$worker $$schedule' EXIT; trap 'exit 130' INT TERM; \
	EUNOMIA_DEMO=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT) --insecure

serve: install
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT) --insecure

# Browser tests drive Debian's Chromium; install it when we may (root on Debian), else say how.
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get install -y --no-install-recommends chromium >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium >/dev/null)); \
	  else echo "Chromium is needed for the browser tests: sudo apt-get install chromium" >&2; exit 1; fi; \
	fi

# The second pass needs a running PostgreSQL; start the local cluster if it is down.
postgres:
	@if ! $(BIN)/python -c "import psycopg, sys; psycopg.connect('$(TEST_POSTGRES_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=3).close()" 2>/dev/null; then \
	  if command -v pg_ctlcluster >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; sleep 2; \
	  else echo "PostgreSQL is not reachable at $(TEST_POSTGRES_URL); start it or set TEST_POSTGRES_URL" >&2; exit 1; fi; \
	fi

# The apps' layers (docs/adr/0038): an import against them fails the build, naming both modules.
lint: install-test
	$(BIN)/lint-imports

# The whole suite, on SQLite and then on PostgreSQL, after the layers are checked.
test: install-test chromium postgres lint
	$(MAKE) --no-print-directory test-sqlite EUNOMIA_TEST_NOW=$(or $(EUNOMIA_TEST_NOW),$(EARLY_MORNING))
	$(MAKE) --no-print-directory test-postgres

test-sqlite: install-test
	@echo "== Test suite on SQLite, every test starting at $(or $(EUNOMIA_TEST_NOW),the time the run starts)"
	$(TEST_PYCACHE) EUNOMIA_TEST_NOW=$(EUNOMIA_TEST_NOW) EUNOMIA_TEST_DATABASE=sqlite $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=25 $(PYTEST_ARGS)

test-postgres: install-test
	@echo "== Test suite on PostgreSQL ($(TEST_POSTGRES_URL)), every test starting at $(or $(EUNOMIA_TEST_NOW),the time the run starts)"
	$(TEST_PYCACHE) EUNOMIA_TEST_NOW=$(EUNOMIA_TEST_NOW) EUNOMIA_TEST_DATABASE=postgres DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal --durations=25 $(PYTEST_ARGS)

# Benchmarks print one line per result: BENCH name value unit. ONLY=name runs one.
bench: install-test
	$(BIN)/python benchmarks/run.py $(ONLY)

clean:
	rm -rf build var/eunomia.sqlite3* .pytest_cache
