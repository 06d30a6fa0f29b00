# The two commands: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PROFILE ?= local
HOST   ?= 127.0.0.1
PORT   ?= 8080
# An editable install also copies containers.py into site-packages (the wheel's force-include),
# where it would shadow the edited one: the source tree goes first on the path.
export PYTHONPATH := $(CURDIR):$(CURDIR)/src

.PHONY: install install-dev run migrate test lint unit check-rules test-servers bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

migrate: install
	APP_PROFILE=$(PROFILE) $(BIN)/factory-service migrate --profile $(PROFILE)

run: install migrate
	APP_PROFILE=$(PROFILE) $(BIN)/factory-service serve --profile $(PROFILE) --host $(HOST) --port $(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test-servers: install-dev
	bash scripts/test-servers.sh start

# Alert rules are checked by Prometheus's own tool (scripts/servers/promtool.sh installs it).
check-rules: test-servers
	promtool check rules deploy/prometheus/alerts.yml
	promtool test rules deploy/prometheus/alerts.test.yml

test: lint test-servers check-rules
	$(BIN)/pytest

# The unit tier alone: no servers, seconds.
unit: install-dev
	$(BIN)/pytest tests/unit

# Load test (local profile, spare port, fresh var dir): writes docs/benchmarks.md.
bench: install
	bash scripts/bench.sh

clean:
	rm -rf $(VENV) var logs .pytest_cache
