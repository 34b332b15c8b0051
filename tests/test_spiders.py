"""Structure of every company spider, and every one crawled through its fixture site."""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import pytest
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from dbcheck import rows
from fixtureserver import SITES_DIR
from jobscraper.browser import BrowserNotFound, find_chromium
from jobscraper.platforms.base import JobBoardSpider

LOADER = SpiderLoader.from_settings(get_project_settings())
NAMES = sorted(LOADER.list())
SPIDERS = [LOADER.load(name) for name in NAMES]


def test_names_are_unique_and_match_the_file_name():
    assert len(NAMES) == len(set(NAMES))
    for spider in SPIDERS:
        assert Path(inspect.getfile(spider)).stem == spider.name


@pytest.mark.parametrize("spider", SPIDERS, ids=NAMES)
def test_every_spider_is_configuration_over_a_platform_base(spider):
    base = spider.__mro__[1]
    assert issubclass(spider, JobBoardSpider) and base is not JobBoardSpider
    assert base.__module__.startswith("jobscraper.platforms.") and not getattr(base, "name", None)
    assert (base.__doc__ or "").lstrip().startswith("To use") or "To use" in (inspect.getmodule(base).__doc__ or "")
    spider.check_configuration()
    assert spider.company and spider.platform
    own = set(vars(spider)) - {"__module__", "__doc__", "__qualname__", "__firstlineno__", "__static_attributes__"}
    assert not [name for name in own if callable(vars(spider)[name]) and name != "post_process_item"], \
        "a company spider is class attributes (plus at most post_process_item)"


def test_every_spider_has_a_fixture_site():
    sites = {p.name for p in SITES_DIR.iterdir() if (p / "routes.json").exists()}
    assert set(NAMES) <= sites, f"no fixture site for {sorted(set(NAMES) - sites)}"


def browser_spiders() -> set[str]:
    return {spider.name for spider in SPIDERS
            if "playwright" in str((spider.custom_settings or {}).get("DOWNLOAD_HANDLERS", ""))}


@pytest.mark.slow
def test_every_spider_crawls_its_fixture_site(sqlite_url, server, run_scrapy):
    try:
        find_chromium()
        unrendered: set[str] = set()
    except BrowserNotFound as exc:  # the browser companies are skipped, with the reason
        if os.environ.get("CI") == "true":
            pytest.fail(f"{exc} and CI=true")
        unrendered = browser_spiders()
    server.load_sites()
    companies = [arg for name in NAMES if name not in unrendered for arg in ("--company", name)] if unrendered else []
    result = run_scrapy("crawlall", *companies, "-a", f"base_url={server.base_url}", "--loglevel", "WARNING",
                        timeout=600)
    active = {row["slug"]: row["n"] for row in rows(sqlite_url, """
        SELECT c.slug, count(p.id) AS n FROM companies c
        LEFT JOIN job_positions p ON p.company_id = c.id AND p.is_active GROUP BY c.slug""")}
    assert {name: active.get(name, 0) for name in NAMES
            if active.get(name, 0) < 1 and name not in unrendered} == {}, result.stderr[-3000:]
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize("spider", SPIDERS, ids=NAMES)
def test_a_platform_that_skips_unchanged_details_is_given_the_stored_listings(spider):
    """The crawl session loads the stored listing fingerprints only for ``fetches_details``
    platforms (a list-only board of 500k postings must not hold them); every platform that asks
    ``detail_needed`` must say so, or it would fetch every detail every day."""
    base = spider.__mro__[1]
    asks = "self.detail_needed(" in inspect.getsource(inspect.getmodule(base))
    assert spider.fetches_details is asks
