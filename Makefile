# The two commands: `make serve` (browse the site) and `make test` (run every test).
# Each sets up .venv with the pinned dependencies on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum < requirements.txt | cut -d' ' -f1)

.PHONY: serve site generate validate test lint format bench bench-table chromium clean

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed (set PYTHON=...)")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

serve: $(STAMP)  ## generate the pages and serve the site with live reload on http://127.0.0.1:8000
	$(PY) scripts/serve.py

site: $(STAMP)  ## build the static site into site/
	$(PY) scripts/generate.py
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --site-dir site

generate: $(STAMP)
	$(PY) scripts/generate.py

validate: $(STAMP)  ## check every catalog file
	$(PY) scripts/validate.py

chromium:  ## install Debian's chromium for the browser tests, when missing and allowed
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "Could not install chromium: browser tests will be skipped."; \
	  else echo "chromium not found and cannot be installed here: browser tests will be skipped."; fi; }

test: $(STAMP) chromium  ## run the whole test suite, browser tests included
	$(PY) -m ruff check scripts tests
	$(PY) -m ruff format --check scripts tests
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check scripts tests

format: $(STAMP)
	$(PY) -m ruff format scripts tests
	$(PY) -m ruff check --fix scripts tests

bench: $(STAMP)  ## measure validation and build at 5,000 models
	$(PY) scripts/bench.py

bench-table: $(STAMP)  ## build the site and time the models table at 5,000 and 20,000 models
	$(PY) scripts/bench.py --table-sizes 5000,20000

clean:
	rm -rf site .pytest_cache bench-results
	$(PY) scripts/generate.py --clean 2>/dev/null || true
