# contractkit: `make demo` runs the pipeline (OCR, extract, review, revise) on a bundled sample;
# `make test` runs every check.
# Both install what is missing first (system packages via apt, Python packages in .venv).

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SYSTEM_STAMP := $(VENV)/.system-stamp
PYTEST_ARGS ?= -n 2

.PHONY: setup system demo test lint typecheck pytest docs bench clean

setup: $(SYSTEM_STAMP) $(STAMP)

$(SYSTEM_STAMP): scripts/install-system-deps.sh
	bash scripts/install-system-deps.sh
	@mkdir -p $(VENV) && touch $@

system:
	bash scripts/install-system-deps.sh

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

demo: setup
	@mkdir -p out
	$(BIN)/contractkit sample out/sample-scan.pdf
	$(BIN)/contractkit ocr out/sample-scan.pdf -o out/sample-searchable.pdf \
		--sidecar out/sample-searchable.txt --report out/sample-report.json
	@echo "--- first lines of the recognised text (out/sample-searchable.txt):"
	@head -n 12 out/sample-searchable.txt
	$(BIN)/contractkit extract out/sample-searchable.pdf --markdown out/sample-extract.md -q \
		--json -o out/sample-extract.json
	@echo "--- key terms found in it (out/sample-extract.md, full result in out/sample-extract.json):"
	@sed -n '/^## Key terms/,/^## Clauses/p' out/sample-extract.md | sed '$$d'
	@echo "--- review against the default playbook (out/sample-review.md, out/sample-annotated.pdf):"
	$(BIN)/contractkit review out/sample-searchable.pdf --markdown out/sample-review.md \
		--annotate out/sample-annotated.pdf -q
	$(BIN)/contractkit revise out/sample-searchable.pdf -o out/sample-revised.pdf -q \
		--redline out/sample-redline.pdf --summary out/sample-changes.md --docx out/sample-revised.docx \
		--marked out/sample-marked.pdf
	@echo "--- revised: out/sample-revised.pdf, redline: out/sample-redline.pdf, changes: out/sample-changes.md, the scan marked: out/sample-marked.pdf"

lint: setup
	$(BIN)/ruff check src tests bench docs/examples
	$(BIN)/ruff format --check src tests bench docs/examples

typecheck: setup
	$(BIN)/mypy

pytest: setup
	$(BIN)/pytest $(PYTEST_ARGS)

docs: setup
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir $(VENV)/site

test: lint typecheck pytest docs

bench: setup
	$(BIN)/python -m bench.ocr
	$(BIN)/python -m bench.document
	$(BIN)/python -m bench.extract
	$(BIN)/python -m bench.revise
	$(BIN)/python -m bench.batch

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache $(VENV)/site
