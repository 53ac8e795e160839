# kpiplan: `make run` serves the demo, `make test` runs everything. Both install what they need.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
HOST ?= 127.0.0.1
PORT ?= 8000
# Test processes: pytest-xdist workers, one test database each (JOBS=1 runs in one process).
JOBS ?= auto
# Commands that load the settings outside `make run` need a key; production sets its own SECRET_KEY.
DEV_KEY = SECRET_KEY="$${SECRET_KEY:-dev-only-insecure-key-kpiplan-not-for-production-use}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test test-sqlite test-postgres lint check sysdeps venv venv-runtime messages bench loadtest mutation serve-prod clean

# Development and tests: the runtime lock plus the development lock (pytest, playwright, schemathesis, locust).
$(VENV)/.installed: requirements.lock requirements-dev.lock
	@test -x $(PY) || { py=$$(scripts/find-python.sh) && "$$py" -m venv $(VENV); }
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock -r requirements-dev.lock
	@touch $@ $(VENV)/.runtime

# Production: the runtime lock only.
$(VENV)/.runtime: requirements.lock
	@test -x $(PY) || { py=$$(scripts/find-python.sh) && "$$py" -m venv $(VENV); }
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	@touch $@

venv: $(VENV)/.installed

venv-runtime: $(VENV)/.runtime

sysdeps:
	@scripts/sysdeps.sh

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	$(DEV_KEY) $(PY) manage.py compilemessages -v0 -l $*

messages: venv locale/en/LC_MESSAGES/django.mo locale/th/LC_MESSAGES/django.mo

run: sysdeps venv messages
	DEBUG=1 $(PY) manage.py migrate --noinput -v0
	DEBUG=1 $(PY) manage.py createcachetable
	DEBUG=1 $(PY) manage.py demo_data
	@mkdir -p var
	@echo "kpiplan: http://$(HOST):$(PORT)/  (background worker log: var/worker.log)"
	@DEBUG=1 $(PY) manage.py db_worker --no-startup-delay > var/worker.log 2>&1 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint: venv
	$(PY) -m ruff check .

check: venv
	$(DEV_KEY) $(PY) manage.py check --fail-level WARNING
	$(DEV_KEY) $(PY) manage.py makemigrations --check --dry-run -v0
	KPIPLAN_PRODUCTION=1 DEBUG=0 SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  ALLOWED_HOSTS=kpiplan.example.org $(PY) manage.py check --deploy --fail-level WARNING

# One database's pass alone; each database keeps its own pytest cache, so `--lf` re-runs what failed on it.
test-sqlite: venv
	env -u DATABASE_URL $(PY) -m pytest -n $(JOBS) -o cache_dir=.pytest_cache/sqlite

test-postgres: venv
	@if $(PY) scripts/pg_available.py "$(PG_URL)"; then \
	  echo "== PostgreSQL run ($(PG_URL)) =="; \
	  DATABASE_URL="$(PG_URL)" $(PY) -m pytest -n $(JOBS) -o cache_dir=.pytest_cache/postgres; \
	else echo "== PostgreSQL run SKIPPED: no server answers at $(PG_URL) =="; fi

# Both passes side by side (logs in var/test-sqlite.log and var/test-postgres.log, a summary at the end).
test: sysdeps venv messages lint check
	PY=$(PY) JOBS=$(JOBS) PG_URL="$(PG_URL)" scripts/test-both.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache mutants

loadtest: sysdeps venv
	USERS=$${USERS:-100} DURATION=$${DURATION:-60s} scripts/loadtest.sh

# Mutation testing (mutmut) of the modules that compute the numbers; not part of `make test`. One worker, niced:
# the machine is shared. MODULES=periods\ sla for some of them (scripts/mutation.py lists the names).
mutation: venv messages
	nice -n 15 $(PY) scripts/mutation.py $(MODULES)

bench: venv
	$(DEV_KEY) $(PY) manage.py bench --scale $${SCALE:-small}

serve-prod: venv-runtime
	scripts/serve-prod.sh
