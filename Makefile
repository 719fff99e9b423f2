# ecommod: make book builds the book, make test runs every test (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.ecommod-installed
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help install book test lab notebooks benchmark checksums claims clean

help:
	@echo "make book       build the HTML book (warnings are errors) into _build/html"
	@echo "make test       lint, unit tests, nbval over every notebook, book build, browser check"
	@echo "make lab        open the notebooks in JupyterLab with ecommod importable"
	@echo "make notebooks  re-run every notebook and save its outputs (what nbval compares)"
	@echo "make benchmark  measure book build, rebuild and nbval times (benchmarks/)"
	@echo "make claims     record the statuses ecommod.claims computes in data/claims.csv"
	@echo "make checksums  refresh data/datapackage.json sha256 after a reviewed data change"

install: $(INSTALLED)

$(INSTALLED): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

book: $(INSTALLED)
	$(BIN)/python tools/book_cache.py
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "The book is built: open file://$(CURDIR)/_build/html/index.html"

test: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest tests notebooks book $(NBVAL)

lab: $(INSTALLED)
	$(BIN)/jupyter lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/00_market.ipynb

benchmark: $(INSTALLED)
	$(BIN)/python benchmarks/run.py

checksums: $(INSTALLED)
	$(BIN)/python tools/refresh_checksums.py

clean:
	rm -rf _build .pytest_cache

claims: $(INSTALLED)
	$(BIN)/python tools/record_claim_statuses.py

notebooks: $(INSTALLED)
	$(BIN)/python tools/execute_notebooks.py
