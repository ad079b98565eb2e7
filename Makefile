# The two set-up commands of the README, and a few more for contributors.
#   make site   build the site into site/ (strict: any warning or evidence error fails)
#   make test   run the whole test suite (lint, types, tests, real-browser tests)
# Both create the virtual environment .venv on first use.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1   # silence Material's notice about MkDocs 2 on every build

.PHONY: site serve test test-versions lint validate schemas messages browser-deps check-html pdf clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The site build writes the PDF report (WeasyPrint), which needs Pango, HarfBuzz and fonts from
# Debian.
site: $(VENV)/.installed
	scripts/install-system-deps pdf
	$(BIN)/mkdocs build --strict

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve --strict

pdf: $(VENV)/.installed
	scripts/install-system-deps pdf
	$(BIN)/evidence pdf

validate: $(VENV)/.installed
	$(BIN)/evidence validate

schemas: $(VENV)/.installed
	$(BIN)/evidence schemas

# The message catalogue (macros/locale/): every message the code marks, extracted with Babel.
messages: $(VENV)/.installed
	$(BIN)/python scripts/messages.py

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/evidence schemas --check
	$(BIN)/python scripts/messages.py --check

# Browser tests need Debian's Chromium (Playwright cannot download a browser here) and axe-core.
BROWSER_DEPS := tests/browser/node_modules/.installed
$(BROWSER_DEPS): tests/browser/package.json tests/browser/package-lock.json scripts/install-system-deps
	scripts/install-system-deps
	cd tests/browser && npm ci --no-audit --no-fund --silent
	touch $@

browser-deps: $(BROWSER_DEPS)

# The Nu HTML Checker over every page of the built site (the normal test run checks a sample).
check-html: $(VENV)/.installed $(BROWSER_DEPS)
	EV_VNU_ALL=1 $(BIN)/pytest -q tests/browser/test_html_checker.py

test: lint $(BROWSER_DEPS)
	$(BIN)/pytest

# The tests marked weasyprint, pandoc or pagefind, at the lowest and at the highest versions the
# pins of pyproject.toml allow, each in a throwaway virtual environment (scripts/test-versions.py).
test-versions: $(VENV)/.installed $(BROWSER_DEPS)
	$(BIN)/python scripts/test-versions.py

clean:
	rm -rf site .pytest_cache .mypy_cache .ruff_cache
