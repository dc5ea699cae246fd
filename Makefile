# RunLift: `make run` opens the window on the demo plan; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck imports pytest fuzz soak pdf-tools bench dist dist-test install-desktop clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/runlift-gui

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

# the layer contracts between RunLift's packages (pyproject.toml, docs/architecture.md)
imports: $(STAMP)
	$(BIN)/lint-imports

# The PDF tests read the printed plan back with poppler's pdftotext (CI: Debian, as root).
pdf-tools:
	@command -v pdftotext >/dev/null || apt-get install -y poppler-utils \
		|| (apt-get update && apt-get install -y poppler-utils)

pytest: $(STAMP) pdf-tools
	QT_QPA_PLATFORM=offscreen HYPOTHESIS_PROFILE=ci $(BIN)/python -m pytest -q -n auto \
		--durations=15

# the many-writers soak at length: 200 rounds (`make test` runs 40)
soak: $(STAMP)
	RUNLIFT_SOAK_ROUNDS=200 $(BIN)/python -m pytest -q -s tests/cli/test_many_writers.py

test: lint typecheck imports pytest

# the CLI and document fuzz at length: 10,000 examples each, and the counts of how they ended
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -s tests/cli/test_fuzz_cli.py \
		tests/storage/test_document_fuzz.py

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/run.py

dist: $(STAMP)
	bash packaging/build.sh

dist-test:
	bash packaging/dist_test.sh

install-desktop:
	bash packaging/install_desktop.sh

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache .import_linter_cache
