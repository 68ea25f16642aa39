# Every target creates .venv and installs what it needs on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: venv demo test bench eval clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	@echo "== Extraction of every corpus document =="
	$(VENV)/bin/report-audit extract corpus/reports corpus/notes --format table
	@echo "== Batch audit of every corpus case =="
	$(VENV)/bin/report-audit batch corpus/manifest.csv --out out/demo

# The report.html browser test needs Debian's chromium; without root it is skipped.
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq chromium >/dev/null) || echo "chromium not installed: the browser test will be skipped"

test: $(STAMP) browser
	$(PY) -m pytest

eval: $(STAMP)
	$(VENV)/bin/report-audit eval corpus/

bench: $(STAMP)
	$(PY) bench/run.py
	$(PY) bench/batch_bench.py

clean:
	rm -rf $(VENV) out
