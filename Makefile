# jobscraper: the front door. `make` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
SCRAPY := $(PY) -m scrapy
PYTEST := $(PY) -m pytest -c tests/pytest.ini --rootdir .
# Most tests wait on crawl subprocesses and servers: three workers keep 2 cores busy. Tests of one
# file share a worker (--dist loadfile); PARALLEL= runs them all in one process.
PARALLEL ?= -n 3 --dist loadfile
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
	@$(PYTEST) $(PARALLEL) $(PYTEST_ARGS)

.PHONY: migrate
migrate: $(VENV)/.installed ## Create or upgrade the database schema
	@$(SCRAPY) migrate

.PHONY: lint
lint: $(VENV)/.installed ## Check the code: byte-compile everything, every spider loads; ruff when installed
	@$(PY) -m compileall -q jobscraper tests >/dev/null
	@$(SCRAPY) list >/dev/null
	@if $(PY) -m ruff --version >/dev/null 2>&1; then $(PY) -m ruff check jobscraper tests; \
	 else echo "lint: syntax and spider imports fine (pip install ruff for style checks)"; fi

# Operations. Extra arguments go in ARGS, e.g. `make stats ARGS="--days 30 --format csv"`.

.PHONY: crawl
crawl: $(VENV)/.installed ## Crawl every active company, or `make crawl COMPANY=wiz` (ARGS="-a since=24h")
	@$(SCRAPY) crawlall $(foreach company,$(COMPANY),--company $(company)) $(ARGS)

.PHONY: markstale
markstale: $(VENV)/.installed ## Mark postings not seen for 60 days inactive (ARGS="--days 30")
	@$(SCRAPY) markstale $(ARGS)

.PHONY: cleanup
cleanup: $(VENV)/.installed ## Delete crawl sessions older than 90 days, abandon leftover running ones
	@$(SCRAPY) cleanup $(ARGS)

.PHONY: stats
stats: $(VENV)/.installed ## Crawl health per company, last 7 days (ARGS="--days 30 --format json")
	@$(SCRAPY) stats $(ARGS)

.PHONY: newjobs
newjobs: $(VENV)/.installed ## Postings first seen in the last 24 hours (ARGS="--hours 72 --format csv")
	@$(SCRAPY) newjobs $(ARGS)

.PHONY: companies
companies: $(VENV)/.installed ## The roster: platform, active flag, postings, last crawl
	@$(SCRAPY) companies $(ARGS)

.PHONY: doctor
doctor: $(VENV)/.installed ## Check settings, database, spiders, crontab, Chromium, scrapyd
	@$(SCRAPY) doctor

# The schedule of record is ./crontab (UTC); JOBSCRAPER_CRONTAB_FILE=path uses a file instead.

.PHONY: cron-install
cron-install: $(VENV)/.installed ## Install ./crontab into your crontab (idempotent, times UTC)
	@$(PY) -m jobscraper.cron install --python $(abspath $(PY))

.PHONY: cron-remove
cron-remove: $(VENV)/.installed ## Remove jobscraper's lines from your crontab, leaving the others
	@$(PY) -m jobscraper.cron remove

.PHONY: cron-show
cron-show: $(VENV)/.installed ## Print jobscraper's lines installed in your crontab
	@$(PY) -m jobscraper.cron show

# Scale-out on scrapyd (README: "Scaling out on scrapyd").

.PHONY: scrapyd
scrapyd: $(VENV)/.installed ## Run a local scrapyd on 127.0.0.1:6800 for development (scrapy.cfg [scrapyd])
	@mkdir -p data/scrapyd logs/scrapyd
	@$(VENV)/bin/scrapyd --pidfile=

.PHONY: deploy
deploy: $(VENV)/.installed ## Build the egg and deploy it to every scrapy.cfg target (TARGET=node1 for one)
	@$(PY) -m jobscraper.deploy $(if $(TARGET),$(TARGET),-a)

# Evidence (README: "Performance" and "Faults").

.PHONY: faults
faults: $(VENV)/.installed ## Fault-injection suite (real crawls, real PostgreSQL); ends with a table of removed/lost postings
	@$(PY) tests/faults/run.py $(PYTEST_ARGS)

.PHONY: bench
bench: $(VENV)/.installed ## Benchmarks side by side on PostgreSQL: a table + bench/results.json (ARGS="--quick")
	@$(PY) tests/bench/run.py $(ARGS)

# The web app (README: "The web app").

.PHONY: serve
serve: $(VENV)/.installed ## Serve the web app and JSON API on http://127.0.0.1:8000/ (ARGS="--port 8080")
	@$(SCRAPY) serve $(ARGS)
