# Two commands do all the set-up: `make serve` builds and serves the site, `make test` runs every test.
# Each bootstraps a virtual environment from the hash-locked requirements.lock first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test lint lock bench clean import import-results

serve: $(STAMP)  ## build the site and serve it at http://127.0.0.1:8000, rebuilding what each change affects
	$(BIN)/mkdocs serve --dirty

build: $(STAMP)  ## build the site into site/ exactly as CI does
	$(BIN)/mkdocs build --strict

check: $(STAMP)  ## check all content without building; prints every mistake
	@$(BIN)/inspections check

import: $(STAMP)  ## draft a report file from a publication: make import FILE=report.pdf [AREA=moray] [TYPE=progress-review]
	@test -n "$(FILE)" || { echo "usage: make import FILE=publication.pdf [AREA=area] [TYPE=type]" >&2; exit 2; }
	@$(BIN)/inspections import "$(FILE)" $(if $(AREA),--area "$(AREA)") $(if $(TYPE),--type "$(TYPE)")

import-results: $(STAMP)  ## import the seed publications in every format and rewrite tests/fixtures/import/RESULTS.md
	$(BIN)/python tests/import_cases.py > /dev/null

test: $(STAMP) node_modules/.installed  ## run the whole test suite
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks

bench: $(STAMP)  ## measure build time, memory and page sizes at 200, 1,000 and 2,000 reports (benchmarks/results.md)
	$(BIN)/python -m benchmarks.run

lock: $(STAMP)  ## upgrade every pinned dependency and rewrite requirements.lock
	$(BIN)/uv pip compile pyproject.toml --all-extras --generate-hashes --upgrade --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu -q -o requirements.lock
	rm -f $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

clean:
	rm -rf $(VENV) node_modules site
