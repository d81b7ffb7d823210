# The commands the README names. Everything runs inside .venv, created on demand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
# pytest-xdist workers: one per core (CI machines have two).
TEST_WORKERS ?= auto
FLASK := $(BIN)/flask --app matchhub
STAMP := $(VENV)/.installed

.PHONY: run test install bench lint format translations audit loadtest clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP) translations

translations: $(STAMP)
	$(BIN)/pybabel compile --statistics -d matchhub/translations 2>/dev/null || \
		$(BIN)/pybabel compile -d matchhub/translations

run: install
	MATCHHUB_DEBUG=1 $(FLASK) db upgrade
	MATCHHUB_DEBUG=1 $(FLASK) seed-demo --if-empty
	MATCHHUB_DEBUG=1 $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install
	$(BIN)/pytest -q -n $(TEST_WORKERS) $(PYTEST_ARGS)

bench: install
	MATCHHUB_DEBUG=1 $(FLASK) bench --write docs/benchmarks.md --judged tests/data/itabashi.jsonl
	$(BIN)/python scripts/bench_registry.py --write docs/benchmarks.md

# Lighthouse accessibility scores of the main pages (needs npx and /usr/bin/chromium).
audit: install
	$(BIN)/python scripts/audit.py --write docs/quality.md
	command -v sqlmap >/dev/null || (apt-get update -qq && apt-get install -y -qq sqlmap)
	test -x .venv-scan/bin/wapiti || ($(PYTHON) -m venv .venv-scan && .venv-scan/bin/pip install -q wapiti3)
	$(BIN)/python scripts/scan.py --write docs/security-scan.md

# gunicorn + locust: 50 users for 3 minutes on 100,000 helpers, SQLite then PostgreSQL
# (MATCHHUB_LOADTEST_POSTGRES_URL, default postgresql://postgres@127.0.0.1:5432/matchhub_load).
# LOADTEST_ARGS="--profile" adds where the workers' CPU went (py-spy).
loadtest: install
	$(BIN)/pip install --quiet 'locust>=2.20' 'py-spy>=0.3'
	$(BIN)/python scripts/loadtest/run.py --write docs/load.md --summary docs/benchmarks.md $(LOADTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) instance/*.sqlite .pytest_cache artifacts
