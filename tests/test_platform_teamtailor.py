"""Teamtailor platform base, through a throwaway subclass, on saved real-format feeds."""

from __future__ import annotations

import pytest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from dbcheck import postings
from jobscraper.platforms.base import SpiderConfigurationError
from jobscraper.platforms.teamtailor import TeamtailorSpider
from spidertest import FIXTURES, call, make_spider, response_for, start_requests

FEED = "https://examplesec.teamtailor.com/jobs.rss"
SAVED = FIXTURES / "teamtailor"
RSS = {"Content-Type": "application/rss+xml; charset=utf-8"}


class ExampleSpider(TeamtailorSpider):
    name = "example_teamtailor"
    company = "ExampleSec"
    company_slug = "examplesec"


class PagesOfThree(ExampleSpider):
    page_size = 3
    max_pages = 2


def feed(name):
    return (SAVED / name).read_bytes()


def failed(request, status):
    failure = Failure(HttpError(response_for(request, "", status=status)))
    failure.request = request
    return list(request.errback(failure) or [])


def test_first_page_and_base_url():
    [request] = start_requests(make_spider(ExampleSpider, base_url="http://127.0.0.1:8899"))
    assert request.url == "http://127.0.0.1:8899/jobs.rss?offset=0&per_page=100"


def test_feed_items_to_items():
    items, requests = call(start_requests(make_spider(ExampleSpider))[0], feed("jobs.rss"), headers=RSS)
    assert requests == []  # 3 items < 100: the last page
    assert dict(items[0]) == {
        "company": "example_teamtailor",
        "external_id": "6100001",
        "title": "Senior Vulnerability Researcher",
        "url": "https://examplesec.teamtailor.com/jobs/6100001-senior-vulnerability-researcher",
        "location": "Tel Aviv-Yafo, Israel",
        "locations": ["Tel Aviv-Yafo, Israel"],
        "department": "Research",
        "workplace_type": "Hybrid",
        "remote": False,
        "description_html": "<p>Hunt vulnerabilities in enterprise software.</p>",
        "posted_at_raw": "Thu, 08 Jan 2026 09:00:00 +0200",
        "extra_metadata": {"role": "Security Research"},
    }
    assert (items[1]["title"], items[1]["department"], items[1]["workplace_type"]) == ("מפתח/ת Backend", "R&D", "On-site")
    assert (items[2]["workplace_type"], items[2]["remote"]) == ("Remote", True)


def test_a_full_page_asks_for_the_next_offset_and_a_short_page_ends():
    spider = make_spider(PagesOfThree)
    [first] = start_requests(spider)
    assert first.url == f"{FEED}?offset=0&per_page=3"
    _, [second] = call(first, feed("jobs.rss"), headers=RSS)
    assert second.url == f"{FEED}?offset=3&per_page=3"
    [item], requests = call(second, feed("page-2.rss"), headers=RSS)
    assert requests == [] and spider.incomplete_reasons == []
    assert item["locations"] == ["Haifa, Israel", "Tel Aviv-Yafo, Israel"]
    assert (item["title"], item["workplace_type"], item["remote"]) == ("QA Engineer &amp; Automation", None, None)
    assert item["description_html"] == "<p>Test the agent on Windows &amp; Linux.</p>"


def test_hitting_max_pages_marks_the_crawl_incomplete():
    spider = make_spider(PagesOfThree)
    _, [second] = call(start_requests(spider)[0], feed("jobs.rss"), headers=RSS)
    items, requests = call(second, feed("jobs.rss"), headers=RSS)
    assert (len(items), requests) == (3, [])
    assert "more than 2 pages" in spider.incomplete_reasons[0]


def test_a_400_is_asked_again_then_counts_as_a_lost_page():
    spider = make_spider(ExampleSpider)
    [first] = start_requests(spider)
    [again] = failed(first, 400)
    assert again.url == first.url and again.dont_filter
    [last] = failed(again, 400)
    assert failed(last, 400) == []
    assert len(spider.incomplete_reasons) == 1
    assert spider.crawler.stats.get_value("jobscraper/teamtailor/retried_400") == 2


def test_a_500_is_not_asked_again_here_and_broken_xml_is_incomplete():
    spider = make_spider(ExampleSpider)
    [first] = start_requests(spider)
    assert failed(first, 500) == []
    assert call(first, b"<rss><channel><item>", headers=RSS) == ([], [])
    assert call(first, b"<html><body>maintenance</body></html>", headers=RSS) == ([], [])
    assert len(spider.incomplete_reasons) == 3


def test_missing_company_slug_names_the_attribute():
    class Broken(TeamtailorSpider):
        name = "broken"
        company = "Broken"

    with pytest.raises(SpiderConfigurationError, match="company_slug"):
        make_spider(Broken)


def test_vicarius_crawl(sqlite_url, server, run_scrapy):
    server.load_site(FIXTURES / "sites" / "vicarius")
    result = run_scrapy("crawl", "vicarius", "-a", f"base_url={server.base_url}")
    assert result.returncode == 0, result.stderr[-2000:]
    stored = postings(sqlite_url, "vicarius")
    assert sorted(stored) == ["6100001", "6100002"]  # New York is filtered out
    assert (stored["6100002"]["title"], stored["6100002"]["city"]) == ("מפתח/ת Backend", "Tel Aviv")
