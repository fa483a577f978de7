# make run   - virtualenv, install, migrate, load the data set, serve http://127.0.0.1:8000 on SQLite
# make test  - lint, checks, then the whole suite on SQLite and on a throwaway PostgreSQL 15
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint test-sqlite test-postgres sysdeps clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $@

run: $(STAMP)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py import_plans fixtures/
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

sysdeps:
	scripts/install-system-deps

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG=1 $(PY) manage.py check
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

test: lint test-sqlite test-postgres

test-sqlite: $(STAMP) sysdeps
	env -u DATABASE_URL $(VENV)/bin/pytest

test-postgres: $(STAMP) sysdeps
	scripts/with-postgres $(VENV)/bin/pytest

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles test-results
