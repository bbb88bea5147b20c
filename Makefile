# The two commands a council needs: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
# ProperDocs (a maintained fork of MkDocs 1.6) in its own virtualenv, to prove our tree builds with it.
PROPERDOCS_VENV := .venv-properdocs
PROPERDOCS_VERSION := 1.6.7

.PHONY: site test serve check clean chromium properdocs bench linkcheck linkcheck-external

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

## make site: create .venv, install, check the data and build the demo site into site/
site: $(STAMP)
	$(BIN)/sbsite build

## make check: list every problem in the data without building
check: $(STAMP)
	$(BIN)/sbsite check

## make serve: live preview at http://127.0.0.1:8000/ that rebuilds when files change
serve: $(STAMP)
	$(BIN)/sbsite serve

## make chromium: install Debian's Chromium for the browser tests, if it is missing
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

## make properdocs: install ProperDocs, with the same mkdocs-material as .venv, into .venv-properdocs
## (only when it is missing or the versions differ); tests/test_properdocs.py builds our tree with it
properdocs: $(STAMP)
	@want=$$($(BIN)/python -c 'import importlib.metadata as m; print(m.version("mkdocs-material"))'); \
	have=$$($(PROPERDOCS_VENV)/bin/python -c 'import importlib.metadata as m; print(m.version("properdocs"), m.version("mkdocs-material"))' 2>/dev/null || true); \
	if [ "$$have" != "$(PROPERDOCS_VERSION) $$want" ]; then \
	  echo "Installing ProperDocs $(PROPERDOCS_VERSION) with mkdocs-material $$want into $(PROPERDOCS_VENV)..."; \
	  rm -rf $(PROPERDOCS_VENV) && $(PYTHON) -m venv $(PROPERDOCS_VENV) && \
	  $(PROPERDOCS_VENV)/bin/pip install --quiet "properdocs==$(PROPERDOCS_VERSION)" "mkdocs-material==$$want"; \
	fi

## make test: install what the tests need and run the whole suite
test: $(TEST_STAMP) chromium properdocs
	$(BIN)/python -m pytest -q

## make linkcheck: check every link and #anchor between the site's pages, served on 127.0.0.1
## (builds the site first if there is none; links to other sites are not fetched).
## make test runs the same check over the demo site (tests/test_linkcheck.py).
linkcheck: $(TEST_STAMP)
	@test -f site/index.html || $(MAKE) site
	$(BIN)/sbsite linkcheck

## make linkcheck-external: check providers' own websites and booking forms and list the dead ones
## by provider. Needs the internet (says so, exit code 3, when offline). Not part of make test.
linkcheck-external: $(STAMP)
	$(BIN)/sbsite linkcheck --external

## make bench: measure build speed, memory and page weight at 100, 1,000 and 10,000 providers; writes BENCHMARKS.md
bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf site build .preview .pytest_cache $(PROPERDOCS_VENV)
