# Two entry points for a fresh machine (Debian, Python 3.11):
#   make demo   - embedded broker + worker + sample traffic, live summary
#   make test   - the whole test suite (installs what it needs, incl. Prometheus)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test install bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null || { echo "need Python 3.11 (Debian: apt-get install python3.11 python3.11-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
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
	rm -rf $(VENV) var .pytest_cache
