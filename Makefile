# Two commands for a new user: `make run` and `make test`. Both bootstrap .venv
# on first use (and again only when pyproject.toml or setup.py change).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PROXY := proxy/node_modules/.bin/configurable-http-proxy

.PHONY: run lab test fuzz bench eval bench-app bench-load bench-load-browser setup clean

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip 'setuptools>=77'
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# JupyterHub's proxy (tests/browser/test_jupyterhub.py, docs/jupyterhub_config.py): from npm, pinned by
# proxy/package-lock.json, into proxy/node_modules (needs node and npm: Debian's nodejs and npm packages).
$(PROXY): proxy/package.json proxy/package-lock.json
	npm ci --prefix proxy --no-audit --no-fund --loglevel=error
	touch $(PROXY)

setup: $(STAMP) $(PROXY)

# The app in Voilà (options in voila.json, app settings in data/config/workshop.yaml);
# `workshop serve` prints the address and how to share it.
run: $(STAMP)
	$(BIN)/workshop serve

# The same app inside JupyterLab.
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/workshop.ipynb

test: $(STAMP) $(PROXY)
	$(BIN)/python -m pytest

# Thousands of generated inputs through every stage, each under a hang watchdog (a few minutes);
# `make fuzz FUZZ_ARGS="--cases 10000 --seed 3 --save fuzz-failures"` for more.
FUZZ_ARGS ?=
fuzz: $(STAMP)
	$(BIN)/python benchmarks/fuzz.py $(FUZZ_ARGS)

# proselint (the `bench` extra) is installed on first use, for the comparison only; the app never needs it.
bench: $(STAMP)
	$(BIN)/python -c "import proselint" 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_engine.py

# Precision and recall against the hand-annotated set in benchmarks/eval/ (fails below the issue 12 targets).
eval: $(STAMP)
	$(BIN)/python benchmarks/eval/evaluate.py

bench-app: $(STAMP)
	$(BIN)/python benchmarks/bench_app.py

# Many people at once: N protocol clients against one `workshop serve` (pool N), then 5 people in
# Chromium through JupyterHub (docs/jupyterhub_config.py). `make bench-load-browser`: N Chromium pages.
bench-load: $(STAMP) $(PROXY)
	$(BIN)/python benchmarks/load_test.py 1 5 10 25 --clients protocol
	$(BIN)/python benchmarks/load_test.py 5 --hub

bench-load-browser: $(STAMP)
	$(BIN)/python benchmarks/load_test.py 1 5 10

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
