# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/postgres)
PYTEST_ARGS ?=

.PHONY: demo test test-sqlite test-postgres smoke lint bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

demo: $(VENV)/.installed
	PARLEY_DEMO=1 DATABASE_URL= $(BIN)/parley demo

test: test-sqlite test-postgres

test-sqlite: $(VENV)/.installed
	@echo "== test suite on SQLite (embedded) =="
	DATABASE_URL= $(BIN)/pytest -q $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed
	@if $(BIN)/python -m parley.core.dbcheck "$(PG_URL)"; then \
		echo "== test suite on PostgreSQL ($(PG_URL)) =="; \
		DATABASE_URL="$(PG_URL)" $(BIN)/pytest -q $(PYTEST_ARGS); \
	else \
		echo "!! PostgreSQL is not reachable at $(PG_URL): the PostgreSQL run did NOT happen."; \
		echo "!! Start a server or set DATABASE_URL=postgres://... and run 'make test' again."; \
		if [ -n "$$CI" ]; then exit 1; fi; \
	fi

# The production start-up (gunicorn, PostgreSQL, a task worker) and a browser against it.
smoke: $(VENV)/.installed
	DATABASE_URL="$(PG_URL)" bash .ci/smoke

lint: $(VENV)/.installed
	$(BIN)/ruff check parley tests bench
	$(BIN)/ruff format --check parley tests bench
