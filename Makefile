# Two entry points for a fresh machine (Debian, Python 3.11):
#   make demo   - embedded broker + worker + sample traffic, live summary
#   make test   - the whole test suite (installs what it needs, incl. Prometheus)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# Compiled with mypyc by setup.py when a C compiler is available (else pure Python):
# reinstalling when they change compiles them again (see HOT_PATH in setup.py).
HOT_PATH := $(wildcard lists/names/*.py) lists/parties/matcher.py

.PHONY: demo test install bench clean

$(STAMP): pyproject.toml setup.py $(HOT_PATH)
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null || { echo "need Python 3.11 (Debian: apt-get install python3.11 python3.11-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	@$(PY) -c 'import lists._native as n; print("tradescreen:", n.status())'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/tradescreen demo

test: $(STAMP)
	bash scripts/ensure-prometheus.sh
	$(PY) -m pytest -q -p no:cacheprovider

bench: $(STAMP)
	$(VENV)/bin/tradescreen bench

clean:
	rm -rf $(VENV) var .pytest_cache build lists/_native.json
	find lists -name '*.so' -delete; rm -f tradescreen_native__mypyc*.so
