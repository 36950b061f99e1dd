# The two set-up commands (see README): `make run` and `make test`.
# Each one installs what it needs, Debian packages included, so a fresh machine needs nothing else.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
TARGET := fixtures/articles/غارات_جوية_أمريكية_على_غرب_العراق.wiki

.PHONY: run test lint typecheck pytest bench bench-deps wiki-deps browser-deps clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The main job: the offline citation check on the bundled target article.
run: $(BIN)/.installed
	$(BIN)/citation-check --lang ar $(TARGET)

# Debian's MediaWiki and PHP for the bot tests (no-op when present).
wiki-deps:
	bash scripts/local-wiki.sh deps

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/lint-imports

typecheck: $(BIN)/.installed
	$(BIN)/mypy

# Debian's chromium and an Arabic font for the browser tests of the HTML reports (no-op when
# present); Playwright drives this chromium, and never downloads a browser of its own.
browser-deps:
	bash scripts/local-wiki.sh packages chromium fonts-noto-core

pytest: $(BIN)/.installed wiki-deps browser-deps
	$(BIN)/pytest

# Everything the tests need, then the linters and the whole suite.
test: lint typecheck pytest

# valgrind counts instructions for bench/bench_instructions.py (no-op when present).
bench-deps:
	bash scripts/local-wiki.sh packages valgrind

bench: $(BIN)/.installed bench-deps browser-deps
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
