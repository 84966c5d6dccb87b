# Koers: `make demo` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := $(shell command -v chromium 2>/dev/null || command -v chromium-browser 2>/dev/null)
# Test workers: one per CPU core by default (pytest-xdist); `make test WORKERS=0` runs serially.
WORKERS ?= auto
# The demo's port: `make demo PORT=8001`.
PORT ?= 8000

.PHONY: demo test lint format install migrate clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet ".[test]"
	touch $(STAMP)

install: $(STAMP)

migrate: install
	mkdir -p var
	KOERS_ENV=demo $(BIN)/python manage.py migrate --noinput

demo: migrate
	KOERS_ENV=demo $(BIN)/python manage.py seed_demo
	@echo ""
	@echo "Koers draait op http://127.0.0.1:$(PORT), met een achtergrondwerker voor exports en rapporten — stop met Ctrl+C."
	KOERS_ENV=demo $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	KOERS_ENV=demo $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=koers.settings_test >/dev/null
	$(BIN)/python -m pytest -n $(WORKERS) --durations=25
	@if [ -z "$(CHROMIUM)" ] && [ -z "$$KOERS_CHROMIUM" ]; then \
		echo ""; \
		echo "LET OP: geen Chromium gevonden; de browsertests (e2e) zijn overgeslagen."; \
		echo "NOTE: no Chromium found, so the browser tests were SKIPPED. Install it with: apt-get install -y chromium"; \
	fi

clean:
	rm -rf $(VENV) var .pytest_cache
