# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: run test lint pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[web,fast]'
	touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@ $(RUN_STAMP)

## run: set up and start the web app on SQLite with demo accounts; it prints the address
run: $(RUN_STAMP)
	$(BIN)/occlusion serve --demo --host 127.0.0.1 --port $${PORT:-8000}

## test: set up with the dev extras and run the whole suite (lint, types, layers, tests)
test: $(DEV_STAMP) lint pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks boards
	$(BIN)/mypy
	$(BIN)/lint-imports

pytest: $(DEV_STAMP)
	$(BIN)/python -m pytest -n auto -q

bench: $(DEV_STAMP)
	for script in benchmarks/*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache
