# Quick start: `make run` serves the site with demo content at
# http://127.0.0.1:8000, `make test` runs the whole test suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: docs screenshots run test install migrate demo lint check browser bench clean elasticsearch elasticsearch-stop services worker

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1" "setuptools>=78.1.1"
	$(BIN)/python -m pip install --quiet -e . --group dev
	touch $@

install: $(VENV)/.installed

migrate: install
	$(MANAGE) compile_translations
	$(MANAGE) migrate --noinput

# rebuild_search_index is cheap (seconds) and brings the search index up to date
# for content from older checkouts.
demo: migrate
	$(MANAGE) load_demo_data --site-url http://$(HOST):$(PORT)
	$(MANAGE) rebuild_search_index --no-progress --skip-wagtail

run: demo
	$(MANAGE) runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium; this installs it when it is missing.
browser:
	@command -v chromium >/dev/null 2>&1 || bash scripts/install-chromium.sh

# Two runs: the browser tests (live server, transactional database) get a
# fresh test database of their own. Exit code 5 means PYTEST_ARGS selected
# no test in that run.
test: install browser
	$(MANAGE) compile_translations
	$(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(BIN)/python -m pytest -m browser $(PYTEST_ARGS) || [ $$? -eq 5 ]

# A real Elasticsearch 8 node on 127.0.0.1:9200 (ES_PORT), built with Maven from
# Maven Central; returns once the cluster is at least yellow. Then:
#   ELASTICSEARCH_URL=http://127.0.0.1:9200 make run
elasticsearch:
	bash scripts/elasticsearch.sh start

elasticsearch-stop:
	bash scripts/elasticsearch.sh stop

# PostgreSQL and Redis on 127.0.0.1 from Debian's packages (as root; README, Services).
services:
	bash scripts/services.sh

# Works off the task queue (search index updates) with TASK_BACKEND=database.
worker: install
	$(MANAGE) db_worker

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Django's checks, migrations in step with the models, and the import contracts
# in pyproject.toml (lint-imports: layers, "search imports no app", "models do
# not import views").
check: install
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/lint-imports

# The documentation site (docs/, Sphinx with MyST Markdown) into docs/_build/html;
# warnings are errors, so a broken internal link or an undocumented setting fails.
docs: install
	$(BIN)/python -m sphinx -E -W --keep-going -n -q -b html docs docs/_build/html
	@echo "Documentation: docs/_build/html/index.html"

# Renews every screenshot the docs use (docs/_static/screenshots/<lang>/) from the
# demo site, driven by Playwright in Debian's Chromium.
screenshots: install browser
	$(BIN)/python scripts/screenshots.py

bench: install
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .test-media staticfiles
