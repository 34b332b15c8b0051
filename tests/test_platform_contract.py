"""The platform contract (``jobscraper/platforms/base.py``), once for every platform base."""

from __future__ import annotations

import copy
import json
import tracemalloc

import pytest

from dbcheck import postings, sessions
from jobscraper.known import KnownListings
from jobscraper.platforms import base
from jobscraper.platforms.base import entry_fingerprint
from jobscraper.platforms.amazon import AmazonJobsSpider
from jobscraper.platforms.apple import AppleJobsSpider
from jobscraper.platforms.ashby import AshbySpider
from jobscraper.platforms.base import SpiderConfigurationError
from jobscraper.platforms.comeet import ComeetSpider
from jobscraper.platforms.eightfold import EightfoldSpider
from jobscraper.platforms.google import GoogleCareersSpider
from jobscraper.platforms.greenhouse import GreenhouseSpider
from jobscraper.platforms.lever import LeverSpider
from jobscraper.platforms.meta import MetaCareersSpider
from jobscraper.platforms.rss import RssFeedSpider
from jobscraper.platforms.smartrecruiters import SmartRecruitersSpider
from jobscraper.platforms.workday import WorkdaySpider
from spidertest import FIXTURES, call, make_spider, start_requests

WIZ = FIXTURES / "sites" / "wiz"
WIZ_ISRAEL = {"7010000001", "7010000002", "7010000003", "7010000004"}


class ExampleGreenhouse(GreenhouseSpider):
    name = "example_greenhouse"
    company = "Example"
    board_token = "exampleco"


def wiz_board() -> dict:
    return json.loads((WIZ / "jobs.json").read_text("utf-8"))


# --- an unchanged posting costs a hash -------------------------------------------------------

def test_a_stored_unchanged_entry_becomes_seen_only_and_a_changed_one_is_parsed():
    board = wiz_board()
    first, second = board["jobs"][:2]
    spider = make_spider(ExampleGreenhouse)
    spider.known_listings = {str(first["id"]): entry_fingerprint(first), str(second["id"]): "an older entry"}
    [request] = start_requests(spider)
    items, _ = call(request, board)
    assert items[0] == {"company": "example_greenhouse", "external_id": str(first["id"]),
                        "listing_fingerprint": entry_fingerprint(first), "seen_only": True}
    assert items[1]["title"] == second["title"] and items[1]["listing_fingerprint"] == entry_fingerprint(second)
    assert spider.crawler.stats.get_value("jobscraper/listings/unchanged") == 1


def test_full_parses_unchanged_entries_too():
    board = wiz_board()
    spider = make_spider(ExampleGreenhouse, full="1")
    spider.known_listings = {str(job["id"]): entry_fingerprint(job) for job in board["jobs"]}
    items, _ = call(start_requests(spider)[0], board)
    assert not any(item.get("seen_only") for item in items) and len(items) == len(board["jobs"])


def test_a_new_normaliser_version_parses_every_entry_again(monkeypatch):
    board = wiz_board()
    stored = {str(job["id"]): entry_fingerprint(job) for job in board["jobs"]}
    monkeypatch.setattr(base, "NORMALISER_VERSION", base.NORMALISER_VERSION + 1)
    spider = make_spider(ExampleGreenhouse)
    spider.known_listings = stored
    items, _ = call(start_requests(spider)[0], board)
    assert [item.get("seen_only") for item in items] == [None] * len(board["jobs"])


def test_the_fingerprint_covers_every_value_and_nothing_but_the_values():
    job = wiz_board()["jobs"][0]
    same = json.loads(json.dumps({"padding": [job] * 3}))["padding"][2]  # decoded elsewhere, shared
    assert entry_fingerprint(same) == entry_fingerprint(job)
    deeper = copy.deepcopy(job)
    deeper["offices"][0]["name"] += " "
    assert entry_fingerprint(deeper) != entry_fingerprint(job)
    assert entry_fingerprint({"id": 1}) != entry_fingerprint({"id": "1"})


def test_known_listings_stay_compact_and_exact():
    known = KnownListings((f"{n:08x}-id", f"fp-{n}") for n in range(50_000))
    assert len(known) == 50_000
    assert all(known.matches(f"{n:08x}-id", f"fp-{n}") for n in range(0, 50_000, 7))
    assert not any(known.matches(f"{n:08x}-id", f"fp-{n + 1}") for n in range(0, 50_000, 7))
    assert "0000002a-id" in known and "missing" not in known and 42 not in known
    known.add("0000002a-id", None)  # stored without a fingerprint: known, never unchanged
    assert "0000002a-id" in known and not known.matches("0000002a-id", "fp-42")
    assert len(known) == 50_000


def test_known_listings_hold_no_strings():
    tracemalloc.start()
    known = KnownListings((f"{n:08x}-lever-id", f"{n:032x}") for n in range(100_000))
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(known) == 100_000 and size < 100_000 * 48  # a dict of the strings: ~250 bytes each


def test_a_steady_state_day_recognises_every_stored_posting_and_a_changed_one_is_updated(
        database_url, server, run_scrapy):
    server.load_site(WIZ)
    for day in (1, 2):
        result = run_scrapy("crawl", "wiz", "-a", f"base_url={server.base_url}")
        assert result.returncode == 0, result.stderr[-2000:]
    stored = postings(database_url, "wiz")
    assert set(stored) == WIZ_ISRAEL
    by_id = {str(job["id"]): job for job in wiz_board()["jobs"]}
    assert {key: row["listing_fingerprint"] for key, row in stored.items()} == {
        key: entry_fingerprint(by_id[key]) for key in WIZ_ISRAEL}
    day2 = sessions(database_url, "wiz")[-1]
    assert (day2["jobs_new"], day2["jobs_unchanged"], day2["jobs_updated"], day2["jobs_removed"]) == (0, 4, 0, 0)
    assert day2["stats"]["jobscraper/listings/unchanged"] == 4  # none of them normalised again

    board = wiz_board()
    board["jobs"][0]["title"] = "Principal Backend Engineer"
    server.add("/v1/boards/wizinc/jobs", board, query={"content": "true"})
    result = run_scrapy("crawl", "wiz", "-a", f"base_url={server.base_url}")
    assert result.returncode == 0, result.stderr[-2000:]
    day3 = sessions(database_url, "wiz")[-1]
    assert (day3["jobs_new"], day3["jobs_unchanged"], day3["jobs_updated"], day3["jobs_removed"]) == (0, 3, 1, 0)
    assert day3["stats"]["jobscraper/listings/unchanged"] == 3
    assert postings(database_url, "wiz")["7010000001"]["title"] == "Principal Backend Engineer"


# --- pagination is capped, and produced lazily ----------------------------------------------

class ExampleSmartRecruiters(SmartRecruitersSpider):
    name = "example_smartrecruiters"
    company = "Example"
    company_identifier = "ExampleCo2"


class ExampleEightfold(EightfoldSpider):
    name = "example_eightfold"
    company = "Example"
    host = "careers.example.com"
    domain = "example.com"


def endless_page(offset: int) -> dict:
    """A SmartRecruiters listing page that always counts more postings than it has served."""
    rows = [{"id": str(744000000000000 + offset + n), "name": f"Engineer {offset + n}",
             "releasedDate": "2026-11-12T06:45:00.000Z",
             "location": {"city": "Tel Aviv-Yafo", "country": "il"}} for n in range(100)]
    return {"offset": offset, "limit": 100, "totalFound": offset + 1000, "content": rows}


def test_a_board_that_always_offers_a_next_page_stops_at_the_cap_once():
    spider = make_spider(ExampleSmartRecruiters, {"JOBSCRAPER_MAX_LISTING_PAGES": {"smartrecruiters": 5}})
    [request] = start_requests(spider)
    pages = 0
    while request is not None:
        pages += 1
        _, requests = call(request, endless_page(request.cb_kwargs["offset"]))
        listing = [r for r in requests if r.callback == spider.parse_listing]
        assert len(requests) - len(listing) == 100  # the page's details
        request = listing[0] if listing else None
    assert pages == 5
    assert len(spider.incomplete_reasons) == 1 and "pagination cap" in spider.incomplete_reasons[0]
    assert spider.crawler.stats.get_value("jobscraper/crawl/pagination_capped") == 1


def test_listed_postings_are_capped_too():
    spider = make_spider(ExampleSmartRecruiters, {"JOBSCRAPER_MAX_LISTED_POSTINGS": {"default": 250}})
    [request] = start_requests(spider)
    offsets = []
    while request is not None:
        offsets.append(request.cb_kwargs["offset"])
        _, requests = call(request, endless_page(request.cb_kwargs["offset"]))
        request = next((r for r in requests if r.callback == spider.parse_listing), None)
    assert offsets == [0, 100, 200] and "pagination cap" in spider.incomplete_reasons[0]


def search_page(count: int, start: int) -> dict:
    positions = [{"id": start + n, "name": f"Engineer {start + n}", "locations": ["Israel, Tel Aviv"],
                  "postedTs": 1767571200} for n in range(10)]
    return {"status": 200, "data": {"count": count, "positions": positions}}


def test_a_search_counting_millions_asks_for_a_few_pages_at_a_time_up_to_the_cap():
    spider = make_spider(ExampleEightfold, {"JOBSCRAPER_MAX_LISTING_PAGES": {"eightfold": 30}})
    pending = start_requests(spider)
    asked = len(pending)
    while pending:
        request = pending.pop(0)
        _, requests = call(request, search_page(2_000_000, request.cb_kwargs["start"]))
        pages = [r for r in requests if r.callback == spider.parse_search]
        assert len(pending) + len(pages) <= 4  # never more search pages in flight than the window
        pending += pages
        asked += len(pages)
    assert asked == 30
    assert len(spider.incomplete_reasons) == 1 and "pagination cap" in spider.incomplete_reasons[0]


# --- the same contract, for every platform base -----------------------------------------------

# Each base with the configuration a company spider gives it, and the first listing URL it asks.
PLATFORMS = [
    (GreenhouseSpider, {"board_token": "exampleco"},
     "https://boards-api.greenhouse.io/v1/boards/exampleco/jobs?content=true"),
    (LeverSpider, {"site": "exampleco"}, "https://api.lever.co/v0/postings/exampleco?mode=json&skip=0&limit=100"),
    (AshbySpider, {"job_board_name": "exampleco"},
     "https://api.ashbyhq.com/posting-api/job-board/exampleco?includeCompensation=true"),
    (SmartRecruitersSpider, {"company_identifier": "ExampleCo2"},
     "https://api.smartrecruiters.com/v1/companies/ExampleCo2/postings?limit=100&offset=0&country=il"),
    (WorkdaySpider, {"tenant": "exampleco", "wd_instance": "wd1", "site": "External"},
     "https://exampleco.wd1.myworkdayjobs.com/wday/cxs/exampleco/External/jobs"),
    (ComeetSpider, {"company_uid": "AA.0FF", "token": "TOKEN"},
     "https://www.comeet.co/careers-api/2.0/company/AA.0FF/positions?token=TOKEN&details=true"),
    (EightfoldSpider, {"host": "careers.example.com", "domain": "example.com"},
     "https://careers.example.com/api/pcsx/search?domain=example.com&query=&location=Israel&start=0&sort_by=timestamp"),
    (AmazonJobsSpider, {}, "https://www.amazon.jobs/en/search.json?country=ISR&result_limit=100&offset=0&sort=recent"),
    (GoogleCareersSpider, {}, "https://www.google.com/about/careers/applications/jobs/results/?hl=en_US&location=Israel"),
    (AppleJobsSpider, {}, "https://jobs.apple.com/api/v1/search"),
    (RssFeedSpider, {"feed_url": "https://careers.example.com/jobs.rss"}, "https://careers.example.com/jobs.rss"),
]
PLATFORM_IDS = [base.platform for base, _, _ in PLATFORMS]
# Answers 200 with a page that is not the listing (a CAPTCHA, an error page).
NOT_THE_LISTING = b"<html><body><h1>Please verify you are a human</h1></body></html>"


def configured(base: type, attributes: dict, **overrides) -> type:
    return type(f"Example{base.__name__}", (base,), {"name": f"example_{base.platform}",
                                                     "company": "Example", **attributes, **overrides})


@pytest.mark.parametrize(("base", "attributes", "first_url"), PLATFORMS, ids=PLATFORM_IDS)
def test_base_url_replaces_scheme_and_host_only(base, attributes, first_url):
    [real] = start_requests(make_spider(configured(base, attributes)))
    [moved] = start_requests(make_spider(configured(base, attributes), base_url="http://127.0.0.1:8899"))
    assert real.url == first_url
    assert moved.url == first_url.replace(first_url.split("/")[2], "127.0.0.1:8899").replace("https:", "http:", 1)
    assert real.errback.__name__ == "listing_failed"


@pytest.mark.parametrize(("base", "attributes", "first_url"), PLATFORMS + [
    (MetaCareersSpider, {"offices": ("Tel Aviv, Israel",)}, None)], ids=PLATFORM_IDS + ["meta"])
def test_missing_configuration_names_the_attribute(base, attributes, first_url):
    assert base.__dict__.get("name") is None  # a base is never listed as a spider
    for attribute in base.required_attributes:
        if getattr(base, attribute):
            continue  # it has a default
        broken = configured(base, attributes, **{attribute: type(getattr(base, attribute))()})
        with pytest.raises(SpiderConfigurationError, match=attribute):
            make_spider(broken)


@pytest.mark.parametrize(("base", "attributes", "first_url"),
                         [p for p in PLATFORMS if p[0] is not AmazonJobsSpider],  # Amazon waits and asks again
                         ids=[i for i in PLATFORM_IDS if i != "amazon"])
def test_a_page_that_is_not_the_listing_marks_the_crawl_incomplete(base, attributes, first_url):
    spider = make_spider(configured(base, attributes))
    [request] = start_requests(spider)
    items, requests = call(request, NOT_THE_LISTING, headers={"Content-Type": "text/html"})
    assert (items, requests) == ([], [])
    assert len(spider.incomplete_reasons) == 1
    assert spider.crawler.stats.get_value("jobscraper/crawl/incomplete") == 1
