"""Phenom platform base, through a throwaway subclass, on saved real-format pages."""

from __future__ import annotations

import pytest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from dbcheck import postings, sessions
from jobscraper.platforms.base import SpiderConfigurationError
from jobscraper.platforms.phenom import PhenomSpider
from spidertest import FIXTURES, call, make_spider, response_for, start_requests

SITE = "https://jobs.example.com/global/en"
SAVED = FIXTURES / "phenom"
HTML = {"Content-Type": "text/html; charset=utf-8"}


class ExampleSpider(PhenomSpider):
    name = "example_phenom"
    company = "ExampleCo"
    site_url = SITE


class TwoPages(ExampleSpider):
    max_pages = 2


def page(name):
    return (SAVED / name).read_text("utf-8")


def searched(spider):
    [first] = start_requests(spider)
    return call(first, page("search-from-0.html"), headers=HTML)


def test_first_search_page_and_base_url():
    [request] = start_requests(make_spider(ExampleSpider, base_url="http://127.0.0.1:8899"))
    assert request.url == "http://127.0.0.1:8899/global/en/search-results?from=0&s=1"


def test_a_job_page_per_israeli_row_and_the_next_page_from_the_row_count():
    spider = make_spider(ExampleSpider)
    items, requests = searched(spider)
    assert items == []
    *details, following = requests
    assert [r.url for r in details] == [f"{SITE}/job/R0100001", f"{SITE}/job/R0100002"]  # San Jose left out
    assert following.url == f"{SITE}/search-results?from=3&s=1"
    _, [haifa] = call(following, page("search-from-3.html"), headers=HTML)
    assert haifa.url == f"{SITE}/job/R0100004" and spider.incomplete_reasons == []


def test_job_page_to_item():
    spider = make_spider(ExampleSpider)
    _, [_, hebrew, _] = searched(spider)
    [item] = call(hebrew, page("job-R0100002.html"), headers=HTML)[0]
    assert dict(item) == {
        "company": "example_phenom",
        "external_id": "R0100002",
        "title": "מפתח/ת Full Stack",
        "url": f"{SITE}/job/R0100002",
        "location": "Tel Aviv, Tel Aviv District, Israel",
        "locations": ["Tel Aviv, Tel Aviv District, Israel", "Netanya, Center District, Israel"],
        "department": "Marketplace",
        "employment_type": "Full time",
        "workplace_type": "Hybrid",
        "description_html": "<p>הצטרפו לצוות הפיתוח בתל אביב.</p><ul><li>React &amp; Node.js</li></ul>",
        "posted_at_raw": "2026-01-06T00:00:00.000+0000",
        "extra_metadata": {"req_id": "R0100002", "category": "Software Engineering", "skills": ["React", "Node.js"]},
        "listing_fingerprint": hebrew.cb_kwargs["listing_fingerprint"],
    }


def test_unchanged_rows_skip_their_page_and_the_page_cap_marks_incomplete():
    _, requests = searched(make_spider(ExampleSpider))
    spider = make_spider(TwoPages)
    spider.known_listings = {r.cb_kwargs["external_id"]: r.cb_kwargs["listing_fingerprint"] for r in requests[:2]}
    items, [following] = searched(spider)
    assert [item["external_id"] for item in items] == ["R0100001", "R0100002"]
    capped = spider.search_request(3, page=1)
    call(capped, page("search-from-0.html").replace('"totalHits": 4', '"totalHits": 40'), headers=HTML)
    assert "more than 2 pages" in spider.incomplete_reasons[0]


def test_a_page_without_job_data_is_unusable_and_a_gone_job_is_gone():
    spider = make_spider(ExampleSpider)
    _, [first, second, _] = searched(spider)
    assert call(first, "<html><body>This job is no longer available</body></html>", headers=HTML) == ([], [])
    assert spider.crawler.stats.get_value("jobscraper/errors/detail_unusable") == 1
    failure = Failure(HttpError(response_for(second, "", status=404, headers=HTML)))
    failure.request = second
    list(second.errback(failure) or [])
    assert spider.gone_external_ids == {"R0100002"}


@pytest.mark.parametrize("body", ["<html><body>Access Denied</body></html>",
                                  "<script>phApp.ddo = {\"eagerLoadRefineSearch\": {\"totalHits\": 3,</script>",
                                  "<script>phApp.ddo = {};</script>"])
def test_a_search_page_without_its_data_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    assert call(start_requests(spider)[0], body, headers=HTML) == ([], [])
    assert len(spider.incomplete_reasons) == 1


def test_missing_site_url_names_the_attribute():
    class Broken(PhenomSpider):
        name = "broken"
        company = "Broken"

    with pytest.raises(SpiderConfigurationError, match="site_url"):
        make_spider(Broken)


def test_ebay_crawl_twice_fetches_job_pages_only_the_first_time(sqlite_url, server, run_scrapy):
    server.load_site(FIXTURES / "sites" / "ebay")
    for _ in (1, 2):
        result = run_scrapy("crawl", "ebay", "-a", f"base_url={server.base_url}")
        assert result.returncode == 0, result.stderr[-2000:]
    assert len(server.requests_to("/us/en/job/R0190001")) == 1
    assert sessions(sqlite_url, "ebay")[-1]["jobs_unchanged"] == 2
    stored = postings(sqlite_url, "ebay")
    assert sorted(stored) == ["R0190001", "R0190002"]
    assert (stored["R0190001"]["city"], stored["R0190002"]["title"]) == ("Netanya", "מפתח/ת Backend")
