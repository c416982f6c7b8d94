# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB := data/kvalitet.duckdb
PORT ?= 8501

.PHONY: run test lint demo-db benchmark clean chromium system-packages

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

$(DB): | $(VENV)/.installed
	$(PY) -m analytics demo --out data/demo --scale 1
	$(PY) -m analytics load data/demo --db $(DB)

demo-db: $(DB)

run: $(VENV)/.installed $(DB)
	$(VENV)/bin/streamlit run app.py --server.address 127.0.0.1 --server.port $(PORT)

# Debian packages the tests use: chromium (browser tests, chart images), postgresql (the action
# store's tests run against a real server), poppler-utils (pdftoppm renders the PDF report).

chromium: system-packages

system-packages:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	[ -z "$$missing" ] || { \
	  echo "Installerar Debianpaket för testerna:$$missing ..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	  || { echo "Kunde inte installera$$missing (kräver root och Debians paketförråd)."; exit 1; }; }

test: $(VENV)/.dev-installed system-packages
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check analytics ui views app.py

benchmark: $(VENV)/.dev-installed
	$(PY) benchmarks/analytics_bench.py
	$(PY) benchmarks/pages_bench.py
	$(PY) benchmarks/load_bench.py --scales 1,20

clean:
	rm -rf $(VENV) $(DB) data/demo
