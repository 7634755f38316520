# The two commands a newcomer needs: `make run` (the service, SQLite by default) and `make test`.
# Both install what they need into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PG_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
PORT ?= 8000

.PHONY: run test check lint migrate bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/parcours serve --port $(PORT)

migrate: $(STAMP)
	$(BIN)/parcours migrate

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The whole suite: lint, types, import contracts, schemathesis against the live API, then every
# test on memory, SQLite and PostgreSQL (last, so that its summary closes the output).
# A PostgreSQL that does not answer is a failure, never a skip.
test: lint
	.ci/schemathesis
	$(BIN)/python -m tests.support.attendre_postgres "$(PG_URL)"
	PARCOURS_TEST_POSTGRES_URL="$(PG_URL)" HYPOTHESIS_PROFILE=ci $(BIN)/python -m pytest

# Every measure of issue 7 beside its reference, in one run (about ten minutes; a throwaway database
# on PG_URL's server). `make bench BENCH_ARGS=--rapide` for a one-minute smoke run.
bench: $(STAMP)
	$(BIN)/python -m bench --postgres "$(PG_URL)" $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .hypothesis
