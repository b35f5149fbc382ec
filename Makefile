# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/thidua demo

test: $(STAMP)
	$(BIN)/ruff check thidua_reports tests bench
	$(BIN)/mypy thidua_reports
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check thidua_reports tests bench
	$(BIN)/mypy thidua_reports

bench: $(STAMP)
	$(BIN)/python bench/bench_ingest.py 500
	$(BIN)/python bench/bench_run.py 25 500 2000
	$(BIN)/python bench/bench_run.py --quota 30/50 500
	$(BIN)/python bench/bench_documents.py
	$(BIN)/python bench/bench_warm.py 500
	$(BIN)/python bench/bench_serve.py

clean:
	rm -rf $(VENV) output/demo
