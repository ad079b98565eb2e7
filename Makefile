# The two set-up commands of the README, and a few more for contributors.
#   make site   build the site into site/ (strict: any warning or evidence error fails)
#   make test   run the whole test suite (lint, types, tests)
# Both create the virtual environment .venv on first use.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1   # silence Material's notice about MkDocs 2 on every build

.PHONY: site serve test lint validate schemas clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve --strict

validate: $(VENV)/.installed
	$(BIN)/evidence validate

schemas: $(VENV)/.installed
	$(BIN)/evidence schemas

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/evidence schemas --check

test: lint
	$(BIN)/pytest

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
