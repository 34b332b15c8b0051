# jobscraper: the front door. `make` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
SCRAPY := $(PY) -m scrapy
PYTEST := $(PY) -m pytest -c tests/pytest.ini --rootdir .
DEMO_PORT ?= 8899

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || python3 -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt 2> >(grep -v "is ignored: it is neither" >&2)
	@touch $@

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

.PHONY: install
install: $(VENV)/.installed ## Create or refresh the virtualenv from requirements.txt

.PHONY: demo
demo: $(VENV)/.installed ## Offline demo: crawl every company from the local fixture server into SQLite
	@$(PY) tests/demo.py --port $(DEMO_PORT)

.PHONY: test
test: $(VENV)/.installed ## Run the whole test suite (starts a throwaway PostgreSQL)
	@$(PYTEST) $(PYTEST_ARGS)

.PHONY: migrate
migrate: $(VENV)/.installed ## Create or upgrade the database schema
	@$(SCRAPY) migrate
