# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/postgres)
PYTEST_ARGS ?=

.PHONY: demo test test-sqlite test-postgres browser smoke lint layers bench

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

# The e2e tests drive a real browser: the chromium on PATH, else Playwright's own. Never skipped.
browser: $(VENV)/.installed
	@command -v chromium >/dev/null 2>&1 || $(BIN)/playwright install chromium >/dev/null 2>&1 || \
		{ echo "!! No browser for the e2e tests: install chromium, or let '$(BIN)/playwright install chromium' download one (it could not)."; exit 1; }

test-sqlite: $(VENV)/.installed browser
	@echo "== test suite on SQLite (embedded) =="
	DATABASE_URL= $(BIN)/pytest -q $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed browser
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

# The apps and the apps they use; exit 1 on any dependency against the layers.
layers: $(VENV)/.installed
	$(BIN)/python -m parley.layers

lint: $(VENV)/.installed
	$(BIN)/ruff check parley tests bench
	$(BIN)/ruff format --check parley tests bench
