# One-command set-up: `make demo` ingests the bundled examples and serves them; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= archive.db

.PHONY: install demo lint test bench quality clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/archive ingest --db $(DB) examples/
	$(BIN)/archive serve --db $(DB)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest -q

# make quality GOLD=folder-of-gold-json: who said what, entities and paragraphs against annotations.
GOLD ?= tests/quality/gold
quality: $(STAMP)
	$(BIN)/archive quality $(GOLD)

# The benchmarks read the BBC News corpus and a folder of saved news pages in place:
# `make bench ARCHIVE_BENCH_CORPUS=/path/to/bbc ARCHIVE_BENCH_HTML=/path/to/pages` (or set them in
# the environment). BENCHMARKS.md says what they need.
bench: $(STAMP)
	ARCHIVE_BENCH_CORPUS="$(ARCHIVE_BENCH_CORPUS)" ARCHIVE_BENCH_HTML="$(ARCHIVE_BENCH_HTML)" $(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) *.egg-info build
