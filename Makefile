# The README's set-up: `make demo` (Python only, no root), `sudo make system` (the Debian packages an X
# display and Qt's windows need: aviator sim, calibrate, run), `make test` (runs `make system`'s script too).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_ARGS ?= --bookmakers 6 --rounds 3 --speed 5

.PHONY: demo system test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	$(BIN)/aviator demo $(DEMO_ARGS)

system:
	bash scripts/ensure_system.sh

test: $(VENV)/.installed-test
	bash scripts/ensure_system.sh
	$(BIN)/ruff check src tests benchmarks docs
	$(BIN)/python -m pytest -n 2

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks docs

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	touch $(VENV)/.installed $(VENV)/.installed-test $@

bench: $(VENV)/.installed-bench
	bash scripts/ensure_system.sh
	$(BIN)/python -m benchmarks.run_all

clean:
	rm -rf $(VENV) storage .pytest_cache
