# Every target bootstraps .venv by itself: a fresh clone needs only `make demo` or `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out/demo

.PHONY: all demo test lint venv model bench clean notebook

all: test

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@# Development-only code (newsdump_dev/, bench/) is importable in .venv, never shipped.
	$(PY) -c 'import sysconfig, pathlib; pathlib.Path(sysconfig.get_paths()["purelib"], "newsdump-dev.pth").write_text(str(pathlib.Path.cwd()) + "\n")'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/pipeline run data/sample --out $(OUT) --overwrite
	$(PY) -m pipeline.tables.summary $(OUT)

test: $(STAMP)
	@# The browser test needs Debian's chromium: installed here as root, skipped elsewhere.
	@if [ "$$(id -u)" = 0 ] && ! command -v chromium >/dev/null; then \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
		|| echo "chromium could not be installed: the browser test will skip"; fi
	$(VENV)/bin/ruff check pipeline newsdump_dev tests bench scripts notebooks examples
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check pipeline newsdump_dev tests bench scripts notebooks examples
	$(VENV)/bin/ruff format --check pipeline newsdump_dev tests bench notebooks examples

# Rebuild the bundled default model from the bundled sample dump.
model: $(STAMP)
	$(VENV)/bin/pipeline train data/sample --out models/default --seed 0

# The analysts' notebook in JupyterLab (the `notebook` extra, installed here only);
# RUN_DIR=/path/to/run make notebook opens it on another run.
notebook: $(STAMP)
	$(PY) -m pip install --quiet -e ".[dev,notebook]"
	$(VENV)/bin/jupyter lab notebooks/analyst_tour.ipynb

bench: $(STAMP)
	$(PY) bench/bench_run.py

clean:
	rm -rf out .pytest_cache
