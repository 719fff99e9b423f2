# ecommod: make book builds the book, make test runs every test (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.ecommod-installed

.PHONY: help install bytecode book test lab notebooks benchmark checksums claims clean

help:
	@echo "make book       build the HTML book (warnings are errors) into _build/html"
	@echo "make test       lint, unit tests, book build (outputs compared as nbval does), browser check"
	@echo "make lab        open the notebooks in JupyterLab with ecommod importable"
	@echo "make notebooks  re-run every notebook and save its outputs (what the tests compare; needs the third-party data)"
	@echo "make benchmark  measure the book build (cold, no-change rebuild, each notebook) and the models as ratios"
	@echo "make claims     record the verdicts ecommod.claims computes in data/claims.csv"
	@echo "make checksums  refresh data/datapackage.json sha256 after a reviewed data change"

install: $(INSTALLED)

# uv when it can be had (bootstrapped if missing), pip otherwise; each step prints its duration.
$(INSTALLED): requirements.txt pyproject.toml tools/install.py binder/jupyterlab-settings.json
	$(PYTHON) tools/install.py $(VENV)
	@touch $@

# ecommod is installed editable and tools runs from the checkout, so the install does not compile
# their bytecode: it is compiled here (only what changed since), so that every kernel and test
# process reads it instead of compiling the sources again on a machine that sets
# PYTHONDONTWRITEBYTECODE.
bytecode: $(INSTALLED)
	@$(BIN)/python -m compileall -q ecommod tools

book: bytecode
	$(BIN)/python -m tools.build_book

test: bytecode
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n auto --dist loadfile --no-loadscope-reorder tests

lab: bytecode
	$(BIN)/jupyter lab --notebook-dir=. $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/00_market.ipynb

benchmark: bytecode
	$(BIN)/python -m benchmarks.run

checksums: $(INSTALLED)
	$(BIN)/python -m tools.refresh_checksums

clean:
	rm -rf _build .pytest_cache

claims: bytecode
	$(BIN)/python -m tools.record_claim_statuses

notebooks: bytecode
	$(BIN)/python -m tools.execute_notebooks
