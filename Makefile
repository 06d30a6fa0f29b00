# The two commands: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PROFILE ?= local
HOST   ?= 127.0.0.1
PORT   ?= 8080
# An editable install could copy the containers package into site-packages (the wheel's include),
# where it would shadow the edited one: the source tree goes first on the path.
export PYTHONPATH := $(CURDIR):$(CURDIR)/src

.PHONY: install install-dev lock run migrate test lint typecheck unit check-rules test-servers bench client clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Dependencies come from the hashed lock files (pip-compile), the package itself on top.
$(VENV)/.installed: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements-dev.lock
	$(BIN)/pip install -q --no-deps -e .
	touch $(VENV)/.installed $@

# After changing pyproject.toml's dependencies: re-resolve both locks (newest allowed versions).
LOCK := $(BIN)/pip-compile -q --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links
lock: install-dev
	$(LOCK) -o requirements.lock pyproject.toml
	$(LOCK) --extra dev -o requirements-dev.lock pyproject.toml

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

# Types: mypy over src/ and containers/ ([tool.mypy] in pyproject.toml), zero errors.
typecheck: install-dev
	$(BIN)/mypy

test: lint typecheck test-servers check-rules
	$(BIN)/pytest

# The unit tier alone: no servers, seconds.
unit: install-dev
	$(BIN)/pytest tests/unit

# Load test (local profile, spare port, fresh var dir): writes docs/benchmarks.md.
bench: install
	bash scripts/bench.sh

# The Python client in clients/python/, generated from the document the server serves
# (tests/e2e/test_python_client.py fails when the committed one is out of date).
client: install-dev
	bash scripts/generate-client.sh clients/python

clean:
	rm -rf $(VENV) var logs .pytest_cache
