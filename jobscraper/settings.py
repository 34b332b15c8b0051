"""Scrapy settings for jobscraper.

Secrets and the database location never live here: ``DATABASE_URL`` is read from the
environment (see ``jobscraper.db.engine``), so Scrapy never logs it.
"""

from scrapy.settings import default_settings as scrapy_defaults

BOT_NAME = "jobscraper"
SPIDER_MODULES = ["jobscraper.spiders"]
NEWSPIDER_MODULE = "jobscraper.spiders"
COMMANDS_MODULE = "jobscraper.commands"

USER_AGENT = "jobscraper/1.0 (+https://github.com/jobscraper; job postings of companies with R&D in Israel)"
# robots.txt is obeyed per platform by jobscraper.middlewares.robots (careers pages and feeds
# obey; documented job-board JSON APIs do not); Scrapy's own middleware stays off.
ROBOTSTXT_OBEY = False
JOBSCRAPER_ROBOTSTXT = True

# Politeness: per host, whatever the number of spiders sharing it.
# Per host, for the whole process, jobscraper.middlewares.politeness is the one gate (see
# JOBSCRAPER_HOST_* below): Scrapy's own per-crawler delay stays off and its per-domain
# concurrency above ours, so a request the gate lets through is sent at once.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 16
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = False
# Few items in flight. A page's postings are fetched faster than they are normalised, and every
# item waiting its turn (its coroutines, tasks and raw entry) is walked by each full garbage
# collection with the reactor stopped: Scrapy's defaults (100 items of a response at once, 5 MB
# of responses in process) let ~800 items and ~20 pages pile up in a paged crawl, and full
# collections of 60-100 ms. The pipelines are synchronous but for their waits, so more items at
# once buy nothing; 1 MB still holds the next page of a board while one is processed.
CONCURRENT_ITEMS = 10
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000
DOWNLOAD_TIMEOUT = 60
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024

ITEM_PIPELINES = {
    "jobscraper.pipelines.normalise.NormalisePipeline": 100,
    "jobscraper.pipelines.validate.ValidatePipeline": 200,
    "jobscraper.pipelines.location_filter.LocationFilterPipeline": 300,
    "jobscraper.pipelines.deduplicate.DeduplicatePipeline": 400,
    "jobscraper.pipelines.completeness.CompletenessPipeline": 450,
    "jobscraper.pipelines.database_diff.DatabaseDiffPipeline": 500,
}

EXTENSIONS = {
    "jobscraper.extensions.crawl_session.CrawlSessionRecorder": 100,
    "jobscraper.extensions.startup_objects.FreezeStartupObjects": 200,
}
# Scrapy's remote control is off unless enabled, yet naming it among the extensions (even as
# None) has Scrapy import it, and with it aiohttp and its TLS contexts, in every crawl process:
# 10 MB and 0.15 s. Scrapy's own base list, without it.
EXTENSIONS_BASE = {path: order for path, order in scrapy_defaults.EXTENSIONS_BASE.items()
                   if path != "scrapy.extensions.remote_control.RemoteControl"}

LOG_FORMATTER = "jobscraper.logformatter.QuietDropsLogFormatter"
# One process crawls hundreds of companies (crawlall, a scrapyd group): each crawler would open a
# telnet console, and past the 51 ports of its range (or with them taken) every further one logs a
# traceback.
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

# The removal guard. After a complete, healthy crawl, unseen postings are removed unless the
# removal looks too large: the crawl saw less than MIN_SEEN_SHARE of the postings active before
# it, or would remove more than MAX_REMOVED_SHARE of them (removing up to SMALL_REMOVAL postings
# is never held back), or the board answered empty. Such a removal is applied only when
# CONFIRMING_CRAWLS consecutive healthy crawls show it.
JOBSCRAPER_REMOVAL_MIN_SEEN_SHARE = 0.5
JOBSCRAPER_REMOVAL_MAX_REMOVED_SHARE = 0.25
JOBSCRAPER_REMOVAL_SMALL_REMOVAL = 3
JOBSCRAPER_REMOVAL_CONFIRMING_CRAWLS = 3
JOBSCRAPER_DB_BATCH_SIZE = 500
# An unchanged posting is rewritten only to move a last_seen_at older than this: a crawl of a
# board where nothing changed writes nothing (the removal guard uses the ids the crawl saw).
JOBSCRAPER_LAST_SEEN_REFRESH_HOURS = 72
# Seconds between checks that the PostgreSQL crawl lock is still held (a restart drops it).
JOBSCRAPER_LOCK_HEARTBEAT = 1.0
JOBSCRAPER_DB_RETRIES = 3

FEED_EXPORT_ENCODING = "utf-8"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
DOWNLOAD_HANDLERS = {
    "http": "jobscraper.downloadhandlers.HTTPDownloadHandler",
    "https": "jobscraper.downloadhandlers.HTTPDownloadHandler",
}

SPIDER_MIDDLEWARES = {
    # First after the spider (above Scrapy's own, which act on requests only): a callback's
    # unchanged postings become one item before any other middleware iterates over them.
    "jobscraper.middlewares.seen_listings.SeenListingsMiddleware": 1100,
    # Next to the spider: a page's outputs are read in turns of the reactor (jobscraper.turns).
    "jobscraper.turns.ReactorTurnsMiddleware": 1200,
}
DOWNLOADER_MIDDLEWARES = {
    "jobscraper.middlewares.robots.RobotsPolicyMiddleware": 100,
    # After RetryMiddleware (550) on the way in, before it on the way out: a 429's Retry-After
    # is read before the retry is scheduled, and the retry waits for it.
    "jobscraper.middlewares.politeness.HostPolitenessMiddleware": 600,
}
# Per host, for the whole process (every company on that host together).
JOBSCRAPER_HOST_MIN_INTERVAL = 0.2
JOBSCRAPER_HOST_CONCURRENCY = 4
JOBSCRAPER_HOST_MIN_INTERVALS = {
    "myworkdayjobs.com": 0.5, "amazon.jobs": 0.5, "eightfold.ai": 0.5,
    # Pinpoint, HiBob, Booking.com: shared vendor hosts. Oracle: shared pods answer bursts with
    # 503 for every tenant at once.
    "pinpointhq.com": 0.5, "careers.hibob.com": 0.5, "jobs.booking.com": 0.5, "oraclecloud.com": 1.0,
    # Platforms of the VC-board and small-ATS bases: Workable and Getro answer bursts with 429/403
    # (Getro sits behind bot protection shared by every board), the others are small tenants' hosts.
    "apply.workable.com": 1.0, "api.getro.com": 2.0, "breezy.hr": 0.5, "recruitee.com": 0.5,
    "bamboohr.com": 0.5, "teamtailor.com": 0.5, "jobs.ebayinc.com": 1.0, "jobs.intuit.com": 1.0,
}
JOBSCRAPER_MAX_RETRY_AFTER = 300
JOBSCRAPER_BACKOFF_BASE = 2.0

# Node overrides: a scrapyd node (or the cron environment) tunes politeness through its own
# environment, never through the egg. Each knob below, when set as an environment variable of
# the same name, replaces the value above (JOBSCRAPER_HOST_MIN_INTERVALS as a JSON object).
# Lower-case names, so Scrapy does not take the helper for settings.
import json as _json  # noqa: E402
import os as _os  # noqa: E402
import sys as _sys  # noqa: E402

_environment_knobs = {
    "CONCURRENT_REQUESTS": int,
    "CONCURRENT_REQUESTS_PER_DOMAIN": int,
    "DOWNLOAD_DELAY": float,
    "DOWNLOAD_TIMEOUT": float,
    "AUTOTHROTTLE_ENABLED": bool,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": float,
    "AUTOTHROTTLE_MAX_DELAY": float,
    "RETRY_TIMES": int,
    "JOBSCRAPER_HOST_MIN_INTERVAL": float,
    "JOBSCRAPER_HOST_CONCURRENCY": int,
    "JOBSCRAPER_HOST_MIN_INTERVALS": dict,
    "JOBSCRAPER_MAX_RETRY_AFTER": float,
}


def _environment_value(raw: str, kind: type):
    if kind is bool:
        if raw.lower() in ("1", "true", "yes", "on"):
            return True
        if raw.lower() in ("0", "false", "no", "off"):
            return False
        raise ValueError(raw)
    if kind is dict:
        value = _json.loads(raw)
        if not isinstance(value, dict):
            raise ValueError(raw)
        return value
    value = kind(raw)
    if value < 0:
        raise ValueError(raw)
    return value


def _apply_environment(namespace: dict) -> None:
    for name, kind in _environment_knobs.items():
        raw = _os.environ.get(name, "").strip()
        if not raw:
            continue
        try:
            namespace[name] = _environment_value(raw, kind)
        except ValueError:
            expected = "JSON object" if kind is dict else f"non-negative {kind.__name__}"
            _sys.stderr.write(f"warning: ignoring {name}={raw!r} from the environment: not a {expected}\n")


# .env beside the checkout, read by sh as the cron lines read it, before the knobs above.
from jobscraper.envfile import apply_env_file as _apply_env_file  # noqa: E402

_apply_env_file()
_apply_environment(globals())

# Pagination caps, by platform ("default" for the others): a crawl requests at most this many
# listing pages and stops paging past this many listed postings. A source that always offers a
# next page (or counts millions) ends there; the crawl is then incomplete and removes nothing.
JOBSCRAPER_MAX_LISTING_PAGES = {"default": 2_000, "lever": 10_000, "eightfold": 1_000, "apple": 500,
                                "google": 250}
JOBSCRAPER_MAX_LISTED_POSTINGS = {"default": 100_000, "lever": 1_000_000}
