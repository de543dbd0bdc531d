# TĐKT: `make run` serves the system with demo data; `make test` runs lint and the whole suite
# on SQLite and (when reachable, always on CI) PostgreSQL. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
ADDR ?= 127.0.0.1:8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PYTEST_ARGS ?=

.PHONY: run install dev test test-sqlite test-pg lint format bench bench-data demo clean messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(STAMP)
dev: $(DEV_STAMP)

run: $(STAMP)
	$(BIN)/tdkt migrate --noinput
	$(BIN)/tdkt demo --if-empty
	$(BIN)/tdkt demo_logins --url http://$(ADDR)
	$(BIN)/tdkt serve $(ADDR)

demo: $(STAMP)
	$(BIN)/tdkt migrate --noinput
	$(BIN)/tdkt demo

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: lint test-sqlite test-pg

test-sqlite: $(DEV_STAMP)
	env -u DATABASE_URL $(BIN)/pytest -n 2 $(PYTEST_ARGS)

# PostgreSQL: always on CI (CI=true), otherwise when a server answers on DATABASE_URL/PG_URL.
test-pg: $(DEV_STAMP)
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	if $(BIN)/python scripts/db_reachable.py "$$url"; then \
		echo "== PostgreSQL: $$url"; DATABASE_URL="$$url" $(BIN)/pytest -n 2 $(PYTEST_ARGS); \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is required on CI but $$url does not answer" >&2; exit 1; \
	else echo "== PostgreSQL not reachable at $$url: skipped (CI=true forces it)"; fi

# Benchmarks on a 100,000-person demo province (built once under var/bench/, reused after),
# on SQLite and, when reachable, PostgreSQL.
bench: $(DEV_STAMP)
	@url="$${DATABASE_URL:-$(PG_URL)}"; \
	if $(BIN)/python scripts/db_reachable.py "$$url"; then \
		$(BIN)/python benchmarks/run.py --pg "$$url"; \
	else $(BIN)/python benchmarks/run.py; fi

# Refresh the English catalogue after changing user-facing strings, then translate the new
# entries in src/tdkt/locale/en/LC_MESSAGES/django.po (scripts/i18n_check.py lists them).
messages: $(DEV_STAMP)
	cd src/tdkt && ../../$(BIN)/tdkt makemessages -l en --ignore='rules/engine/*' --ignore='rules/packs/*'
	$(BIN)/python scripts/i18n_check.py || true
	cd src/tdkt && ../../$(BIN)/tdkt compilemessages

clean:
	rm -rf $(VENV) var/static .pytest_cache
