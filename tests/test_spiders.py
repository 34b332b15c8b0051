"""Structure of every company spider, and every one crawled through its fixture site: its own
folder under tests/fixtures/sites/, or its platform's template under tests/fixtures/platforms/."""

from __future__ import annotations

import inspect
import json
import urllib.error
import urllib.request
import os
from pathlib import Path

import pytest
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from dbcheck import rows
from demo import LOCAL_SERVER_POLITENESS
from fixtureserver import SITES_DIR, TEMPLATES_DIR, FixtureServer, own_sites, template_routes, templated_spiders
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


TEMPLATED = templated_spiders()


def test_every_spider_has_a_fixture_site():
    sites = own_sites(SITES_DIR) | set(TEMPLATED)
    assert set(NAMES) <= sites, f"no fixture site nor platform template for {sorted(set(NAMES) - sites)}"


@pytest.mark.parametrize("name", sorted(TEMPLATED))
def test_a_platform_template_takes_the_company_identifiers(name):
    spider = TEMPLATED[name]
    routes = template_routes(TEMPLATES_DIR / spider.platform, spider)
    listing = routes[0]
    assert routes and "${" not in json.dumps(routes)
    assert any(str(getattr(spider, attr)) in listing["path"] + json.dumps(listing.get("query", {}))
               for attr in spider.required_attributes)


def test_a_company_without_a_folder_is_served_its_platform_template_with_its_identifiers():
    greenhouse = sorted(name for name, spider in TEMPLATED.items() if spider.platform == "greenhouse")
    first, second = (TEMPLATED[name] for name in greenhouse[:2])
    with FixtureServer() as server:
        assert server.load_sites(only=[first.name, "wiz"]) == sorted([first.name, "wiz"])
        url = f"{server.base_url}/v1/boards/{first.board_token}/jobs?content=true"
        jobs = json.loads(urllib.request.urlopen(url).read())["jobs"]
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{server.base_url}/v1/boards/{second.board_token}/jobs?content=true")
    assert jobs and all(job["absolute_url"].startswith(f"https://job-boards.greenhouse.io/{first.board_token}/")
                        for job in jobs)
    assert all(job["company_name"] == first.company for job in jobs)


def browser_spiders() -> set[str]:
    return {spider.name for spider in SPIDERS if spider.renders_in_browser}


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
    result = run_scrapy("crawlall", *companies, "-a", f"base_url={server.base_url}", *LOCAL_SERVER_POLITENESS,
                        "--loglevel", "WARNING", timeout=600)
    active = {row["slug"]: row["n"] for row in rows(sqlite_url, """
        SELECT c.slug, count(p.id) AS n FROM companies c
        LEFT JOIN job_positions p ON p.company_id = c.id AND p.is_active GROUP BY c.slug""")}
    # A VC board's postings are its employers'; what the board itself holds is its listings.
    for row in rows(sqlite_url, """SELECT c.slug, count(l.id) AS n FROM companies c
            JOIN board_listings l ON l.board_id = c.id AND l.is_active GROUP BY c.slug"""):
        active[row["slug"]] = active.get(row["slug"], 0) + row["n"]
    assert {name: active.get(name, 0) for name in NAMES
            if active.get(name, 0) < 1 and name not in unrendered} == {}, result.stderr[-3000:]
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize("spider", SPIDERS, ids=NAMES)
def test_a_platform_that_skips_unchanged_listings_is_given_the_stored_listings(spider):
    """The crawl session loads the stored listing fingerprints only for spiders that want them;
    every platform that asks ``listing_changed`` (to skip a detail request, or the normalisation
    of an unchanged entry) must want them, or it would fetch or normalise everything every day."""
    platforms = [cls for cls in spider.__mro__[1:] if cls.__module__.startswith("jobscraper.platforms.")
                 and cls.__module__ != "jobscraper.platforms.base"]
    sources = [inspect.getsource(inspect.getmodule(cls)) for cls in platforms]
    asks = any("self.listing_changed(" in source or "self.unchanged_entry(" in source for source in sources)
    assert spider().wants_known_listings is asks


def test_a_spider_renders_in_a_browser_exactly_when_its_downloads_go_through_playwright():
    from scrapy.utils.misc import load_object
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

    for spider in SPIDERS:
        handlers = ((spider.custom_settings or {}).get("DOWNLOAD_HANDLERS") or {}).values()
        through_playwright = any(issubclass(load_object(path), ScrapyPlaywrightDownloadHandler) for path in handlers)
        assert spider.renders_in_browser == through_playwright, spider.name
    assert browser_spiders() == {"meta"}
