# Alianza: `make run` to try it, `make test` to check it. Everything a fresh machine needs
# is installed from here (Python packages in .venv, Debian packages when missing).

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
MANAGE := $(PY) manage.py
# The local demo runs with DEBUG on (localhost only, built-in development key).
DEV := DEBUG=$${DEBUG:-1}
HOST ?= 127.0.0.1
PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/alianza
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench
# Every package, direct or not, at the version CI tested: `make lock` writes it anew.
CONSTRAINTS := constraints.txt
APT_GET := $(shell command -v apt-get 2>/dev/null)
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: help install system-deps run serve migrate reference demo-passwords messages test \
        test-sqlite test-postgres test-fast test-production lint mypy-app format check browser-deps vendor bench bench-load lock audit clean

help:
	@echo "make run             set up, migrate, load PROCAP and demo accounts, serve on http://$(HOST):$(PORT)"
	@echo "make test            lint, migrations check, the test suite on SQLite and on PostgreSQL"
	@echo "make test-sqlite     the suite on SQLite only;  make test-postgres  on PostgreSQL only"
	@echo "make test-production collectstatic with DEBUG=0, gunicorn + WhiteNoise, check --deploy"
	@echo "make demo-passwords  give the demo accounts a new password (printed once)"
	@echo "make vendor          refresh static/vendor from npm (needs npm)"
	@echo "make bench           run the benchmarks in bench/"
	@echo "make bench-load      pages under load: gunicorn + Locust (USERS=20 DURATION=120)"
	@echo "make lock            pin every package afresh in constraints.txt"
	@echo "make audit           pip-audit the pinned packages (needs PyPI's vulnerability data)"

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) is required (Python 3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt $(CONSTRAINTS) | $(PY)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt -c $(CONSTRAINTS)
	touch $(STAMP)

# Benchmark baselines (iatikit), the load generator (Locust) and pip-audit, on demand.
$(BENCH_STAMP): $(STAMP) requirements-bench.txt
	$(PIP) install --quiet -r requirements-bench.txt -c $(CONSTRAINTS)
	touch $(BENCH_STAMP)

# Resolve the requirements afresh in a throw-away venv and pin every package in
# constraints.txt (the direct pins stay in requirements*.txt). Review the diff, then commit.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip
	.lock-venv/bin/pip install --quiet -r requirements-bench.txt
	{ echo "# Every package at the version tested; written by \`make lock\`, used by every install."; \
	  .lock-venv/bin/pip freeze --all --exclude pip --exclude setuptools --exclude wheel | sort -f; } > $(CONSTRAINTS)
	rm -rf .lock-venv

# Known vulnerabilities in the pinned packages (pip-audit asks PyPI's vulnerability data).
# --strict: a package that cannot be checked fails the audit instead of passing unseen.
audit: $(BENCH_STAMP)
	$(VENV)/bin/pip-audit --strict --no-deps --disable-pip -r $(CONSTRAINTS)

install: $(STAMP) system-deps

# gettext compiles the translations; pango lets WeasyPrint write PDFs; chromium and its
# driver run the browser tests.
system-deps:
	@missing=""; \
	command -v msgfmt >/dev/null 2>&1 || missing="$$missing gettext"; \
	ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || missing="$$missing libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null 2>&1 || missing="$$missing chromium-driver"; \
	if [ -n "$$missing" ]; then \
	  if [ -n "$(APT_GET)" ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Please install:$$missing"; exit 1; fi; \
	fi

messages: $(STAMP) system-deps
	$(DEV) $(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

migrate: $(STAMP)
	mkdir -p var
	$(DEV) $(MANAGE) migrate --noinput -v0

reference: migrate
	$(DEV) $(MANAGE) load_procap

run: install messages reference
	$(DEV) ALIANZA_DEMO=1 $(MANAGE) load_demo_accounts
	$(DEV) $(MANAGE) runserver $(HOST):$(PORT)

demo-passwords: $(STAMP)
	$(DEV) ALIANZA_DEMO=1 $(MANAGE) load_demo_accounts --reset-passwords

# mypy checks the layers other code relies on (services, selectors, permissions) and the
# IATI app; the import contracts (pyproject.toml, [tool.importlinter]) keep imports pointing
# one way.
MYPY_TARGETS = $(filter-out alianza/iati/%,$(wildcard alianza/*/services.py alianza/*/services \
               alianza/*/selectors.py alianza/*/selectors alianza/*/permissions.py)) alianza/iati

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	ALIANZA_TESTING=1 $(VENV)/bin/mypy $(MYPY_TARGETS)

# One app's types while working on it: make mypy-app APP=risks
mypy-app: $(STAMP)
	ALIANZA_TESTING=1 $(VENV)/bin/mypy $(filter alianza/$(APP)/%,$(MYPY_TARGETS)) $(if $(filter iati,$(APP)),alianza/iati)

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

check: $(STAMP)
	ALIANZA_TESTING=1 $(MANAGE) check --fail-level WARNING
	ALIANZA_TESTING=1 $(MANAGE) makemigrations --check --dry-run -v1

# The suite runs in parallel (pytest-xdist), one worker per CPU; TEST_WORKERS=0 runs it in
# one process. Each worker has its own test database.
TEST_WORKERS ?= auto

test-sqlite: install messages
	ALIANZA_TESTING=1 DATABASE_URL= $(VENV)/bin/pytest -q -n $(TEST_WORKERS)

test-postgres: install messages
	ALIANZA_TESTING=1 DATABASE_URL=$(POSTGRES_URL) $(VENV)/bin/pytest -q -n $(TEST_WORKERS)

# The suite runs on both databases: SQLite is the embedded default, PostgreSQL production.
test: lint check test-sqlite test-postgres

test-fast: $(STAMP)
	ALIANZA_TESTING=1 $(VENV)/bin/pytest -q -m "not browser and not production" -x

# The production shape alone: collectstatic with DEBUG=0, gunicorn + WhiteNoise, check --deploy.
test-production: install messages
	ALIANZA_TESTING=1 DATABASE_URL= $(VENV)/bin/pytest -q -m production

vendor:
	./scripts/vendor-static.sh

bench: install $(BENCH_STAMP)
	ALIANZA_TESTING=1 $(PY) bench/all.py

# Pages under load: gunicorn (DEBUG=0) and a headless Locust; USERS and DURATION (seconds per
# page) to change, DATABASE_URL=postgres://... for PostgreSQL. Needs requirements-bench.txt.
bench-load: install $(BENCH_STAMP)
	$(PY) bench/load.py --users $${USERS:-20} --duration $${DURATION:-120}

clean:
	rm -rf $(VENV) .lock-venv staticfiles .pytest_cache .ruff_cache
