# Two commands for a newcomer:  make run  (serve the site)  ·  make test  (run every test)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?= -n 2 --dist loadgroup
MANAGE := $(BIN)/python manage.py

.PHONY: run test setup messages lint help screenshots serve-prod

help:
	@echo "make run   set up a fresh machine (venv, database, minimal site) and serve http://$(HOST):$(PORT)"
	@echo "make test  install the test tools and run the whole suite (SQLite, or DATABASE_URL)"
	@echo "make serve-prod  the production profile on http://$(HOST):$(PORT): gunicorn, PostgreSQL, Redis"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

messages: $(VENV)/.installed
	@scripts/system-packages
	$(MANAGE) compilemessages --ignore='.venv/*' --ignore='node_modules/*' --verbosity 0

setup: $(VENV)/.installed messages
	$(MANAGE) migrate --noinput
	$(MANAGE) setup_site --url http://$(HOST):$(PORT)
	$(MANAGE) load_demo
	$(MANAGE) rebuild_search_index

run: setup
	$(MANAGE) runserver $(HOST):$(PORT)

serve-prod: $(VENV)/.installed messages  ## production settings, gunicorn, PostgreSQL and Redis, plain HTTP on loopback
	HOST=$(HOST) PORT=$(PORT) scripts/serve-prod

test: $(VENV)/.installed-dev node_modules/.installed messages
	@scripts/system-packages --browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

screenshots: $(VENV)/.installed-dev node_modules/.installed messages  ## photograph the editorial pipeline for docs/editors-guide.md
	@scripts/system-packages --browser
	SOCIALAB_SCREENSHOTS=docs/img/editors-guide $(BIN)/python -m pytest tests/browser/test_editorial_pipeline.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
