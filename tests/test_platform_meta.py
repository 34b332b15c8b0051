"""Meta careers platform: the page's GraphQL job search, then each job page's JSON-LD.

In-process tests feed the callbacks saved real-format answers; one crawl renders a local page
that issues the GraphQL request in a real headless Chromium.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone

import pytest
from scrapy.utils.misc import load_object
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from dbcheck import postings, sessions
from jobscraper.browser import BrowserNotFound, find_chromium
from jobscraper.downloadhandlers import HTTPDownloadHandler
from jobscraper.platforms.meta import MetaCareersSpider
from spidertest import FIXTURES, call, chromium_or_skip, make_spider, start_requests

SAVED = FIXTURES / "meta"


@pytest.fixture(autouse=True)
def a_browser_is_installed(monkeypatch, request):
    """The in-process tests feed saved captures and never launch a browser, but the spider
    only starts when it finds one: any executable stands in where Chromium is missing."""
    if "run_scrapy" not in request.fixturenames:  # a real crawl needs the real browser
        try:
            find_chromium()
        except BrowserNotFound:
            monkeypatch.setenv("CHROMIUM_PATH", sys.executable)
SEARCH = (SAVED / "search_v2.json").read_text("utf-8")
HTML = {"Content-Type": "text/html; charset=utf-8"}


class ExampleSpider(MetaCareersSpider):
    name = "example_meta"
    company = "Meta"
    offices = ("Tel Aviv, Israel",)


def search_request(spider, *bodies: str):
    [request] = start_requests(spider)
    request.cb_kwargs["capture"].bodies.extend(bodies)
    return request


def job_page(request, external_id: str, page: str | None = None):
    return call(request, (SAVED / (page or f"job_{external_id}.html")).read_text("utf-8"), headers=HTML)


def test_only_the_search_page_goes_through_the_browser():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    assert request.url == "https://www.metacareers.com/jobs?offices%5B0%5D=Tel%20Aviv%2C%20Israel"
    assert request.meta["playwright"] is True
    assert set(request.meta["playwright_page_event_handlers"]) == {"response"}
    _, details = call(search_request(spider, SEARCH), "<html></html>", headers=HTML)
    assert [r.url for r in details] == [
        "https://www.metacareers.com/profile/job_details/1203948571620394/",
        "https://www.metacareers.com/profile/job_details/987412365478523/",
        "https://www.metacareers.com/profile/job_details/2231456879012345/",
    ]
    assert not any(r.meta.get("playwright") for r in details)
    assert all(r.errback == spider.detail_failed for r in details)
    assert details[0].cb_kwargs["external_id"] == "1203948571620394"


def test_settings_route_through_scrapy_playwright_with_the_system_chromium(monkeypatch, tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    monkeypatch.setenv("CHROMIUM_PATH", str(chromium))
    settings = make_spider(ExampleSpider).settings
    handler = "jobscraper.playwright_handler.PlaywrightDownloadHandler"
    assert settings.getdict("DOWNLOAD_HANDLERS") == {"http": handler, "https": handler}
    assert issubclass(load_object(handler), ScrapyPlaywrightDownloadHandler)
    assert issubclass(load_object(handler), HTTPDownloadHandler)
    options = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    assert options["executable_path"] == str(chromium) and options["headless"] is True
    assert "--no-sandbox" in options["args"] and "--disable-quic" in options["args"]
    assert "executable_path" not in MetaCareersSpider.custom_settings["PLAYWRIGHT_LAUNCH_OPTIONS"]


def test_base_url_moves_the_search_page_and_job_pages():
    spider = make_spider(ExampleSpider, base_url="http://127.0.0.1:8899")
    request = search_request(spider, SEARCH)
    assert request.url.startswith("http://127.0.0.1:8899/jobs?offices")
    _, details = call(request, "<html></html>", headers=HTML)
    assert details[0].url == "http://127.0.0.1:8899/profile/job_details/1203948571620394/"


def test_graphql_listing_and_job_pages_to_items():
    spider = make_spider(ExampleSpider)
    _, details = call(search_request(spider, SEARCH), "<html></html>", headers=HTML)
    [infra], _ = job_page(details[0], "1203948571620394")
    assert dict(infra) == {
        "company": "example_meta",
        "external_id": "1203948571620394",
        "title": "Software Engineer, Infrastructure",
        "url": "https://www.metacareers.com/profile/job_details/1203948571620394/",
        "location": "Tel Aviv, Israel",
        "locations": ["Tel Aviv, Israel"],
        "department": "Software Engineering",
        "employment_type": "Full-time",
        "workplace_type": None,
        "remote": None,
        "description_html": (
            "<p>Meta is seeking Software Engineers to join our Tel Aviv infrastructure teams.</p>"
            "<p>You will build systems that serve billions of people &amp; businesses.</p>"
            "<h3>Responsibilities</h3><p>Design and build large-scale distributed systems.</p>"
            "<p>Collaborate with teams across sites.</p>"
            "<h3>Qualifications</h3><p>Bachelor&#x27;s degree in Computer Science or equivalent.</p>"
            "<p>Experience with C++, Java, Python or Go.</p>"
        ),
        "posted_at_raw": "2026-01-05T09:12:00-08:00",
        "extra_metadata": {"sub_teams": ["Infrastructure"]},
        "listing_fingerprint": details[0].cb_kwargs["listing_fingerprint"],
    }
    [research], _ = job_page(details[1], "987412365478523")
    assert research["locations"] == ["Tel Aviv, Israel", "London, UK", "Remote, US"]
    assert research["department"] == "Artificial Intelligence, Research"
    assert (research["workplace_type"], research["remote"]) == ("TELECOMMUTE", True)
    # HTML in the JSON-LD stays HTML; a list becomes a list.
    assert research["description_html"] == (
        "<p>Join <b>Meta AI</b> research in Tel Aviv.</p>"
        "<h3>Responsibilities</h3><ul><li>Publish research</li><li>Ship models to products</li></ul>"
        "<h3>Qualifications</h3><p>PhD in Computer Science or a related field.</p>"
    )
    assert research["extra_metadata"] is None  # empty sub_teams


def test_hebrew_posting_without_teams_and_a_closed_job_page():
    spider = make_spider(ExampleSpider)
    _, details = call(search_request(spider, SEARCH), "<html></html>", headers=HTML)
    hebrew = details[2]
    assert hebrew.cb_kwargs["job"]["title"] == "מהנדס/ת תוכנה, Reality Labs"
    # Meta answers 200 without JSON-LD for a closed id: an unparsable detail, not a removal.
    items, _ = job_page(hebrew, "2231456879012345", page="job_closed.html")
    assert items == []
    assert spider.crawler.stats.get_value("jobscraper/errors/detail_unusable") == 1
    assert spider.gone_external_ids == set()
    assert spider.incomplete_reasons == []


def test_older_search_key_and_anti_hijacking_prefix_are_read():
    spider = make_spider(ExampleSpider)
    prefixed = (SAVED / "search_v1_prefixed.txt").read_text("utf-8")
    _, details = call(search_request(spider, prefixed), "<html></html>", headers=HTML)
    assert [r.cb_kwargs["external_id"] for r in details] == ["1203948571620394"]


def test_the_same_job_in_two_answers_is_requested_once():
    spider = make_spider(ExampleSpider)
    prefixed = (SAVED / "search_v1_prefixed.txt").read_text("utf-8")
    _, details = call(search_request(spider, SEARCH, prefixed), "<html></html>", headers=HTML)
    assert len(details) == 3


def test_postings_listed_only_abroad_get_no_job_page():
    spider = make_spider(ExampleSpider)
    body = (
        '{"data": {"job_search_with_featured_jobs_v2": {"all_jobs": ['
        '{"id": "1", "title": "Engineer", "locations": ["Menlo Park, CA", "Seattle, WA"], "teams": []},'
        '{"id": "2", "title": "Engineer", "locations": ["Seattle, WA", "Tel Aviv, Israel"], "teams": []},'
        '{"id": "3", "title": "Engineer", "locations": [], "teams": []}]}}}'
    )
    _, details = call(search_request(spider, body), "<html></html>", headers=HTML)
    assert [r.cb_kwargs["external_id"] for r in details] == ["2", "3"]
    assert spider.crawler.stats.get_value("jobscraper/details/skipped_location") == 1


def test_unchanged_listing_skips_the_job_page():
    spider = make_spider(ExampleSpider)
    _, first = call(search_request(spider, SEARCH), "<html></html>", headers=HTML)
    spider = make_spider(ExampleSpider)
    spider.known_listings = {"1203948571620394": first[0].cb_kwargs["listing_fingerprint"],
                             "987412365478523": "an older listing"}
    items, details = call(search_request(spider, SEARCH), "<html></html>", headers=HTML)
    assert [(i["external_id"], i["seen_only"]) for i in items] == [("1203948571620394", True)]
    assert [r.cb_kwargs["external_id"] for r in details] == ["987412365478523", "2231456879012345"]


@pytest.mark.parametrize("bodies", [
    (),                                                      # the page never asked
    ('{"errors": [{"message": "A server error occurred"}]}',),
    ('{"data": {"job_search_with_featured_jobs_v2": null}} all_jobs',),
    ('for (;;);{"data": {"job_search_with_featured_jobs_v2": {"all_jobs": [',),  # truncated
])
def test_a_page_without_job_search_data_marks_the_crawl_incomplete(bodies):
    spider = make_spider(ExampleSpider)
    items, details = call(search_request(spider, *bodies), "<html><body>Log in</body></html>", headers=HTML)
    assert (items, details) == ([], [])
    assert spider.crawler.stats.get_value("jobscraper/crawl/incomplete") == 1


def test_an_empty_search_is_a_complete_empty_listing():
    spider = make_spider(ExampleSpider)
    body = '{"data": {"job_search_with_featured_jobs_v2": {"all_jobs": [], "featured_jobs": []}}}'
    assert call(search_request(spider, body), "<html></html>", headers=HTML) == ([], [])
    assert spider.incomplete_reasons == []


def test_since_drops_postings_posted_before_the_window():
    spider = make_spider(ExampleSpider, since="24h")
    spider.since_cutoff = datetime(2026, 1, 1, tzinfo=timezone.utc)
    _, details = call(search_request(spider, SEARCH), "<html></html>", headers=HTML)
    assert len(job_page(details[0], "1203948571620394")[0]) == 1   # 2026-01-05
    assert job_page(details[1], "987412365478523")[0] == []        # 2025-11-20


def test_missing_chromium_marks_the_crawl_incomplete_without_a_request(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "no-such-chromium"))
    with pytest.raises(BrowserNotFound, match="CHROMIUM_PATH=.*not an executable"):
        find_chromium()
    spider = make_spider(ExampleSpider)
    assert start_requests(spider) == []
    assert "not an executable" in spider.incomplete_reasons[0]


@pytest.mark.browser
def test_real_chromium_renders_the_page_and_reads_its_graphql(sqlite_url, server, run_scrapy):
    chromium_or_skip()
    assert server.load_sites(only=["meta"]) == ["meta"]
    result = run_scrapy("crawl", "meta", "-a", f"base_url={server.base_url}")
    assert result.returncode == 0, result.stderr[-3000:]
    [graphql] = server.requests_to("/graphql")
    assert graphql.method == "POST" and graphql.headers.get("x-fb-lsd") == "AVq1fixtureLsd"
    assert b"CareersJobSearchResultsV2DataQuery" in graphql.body
    stored = postings(sqlite_url, company="meta")
    assert {key: (row["title"], row["city"], row["country"]) for key, row in stored.items()} == {
        "1203948571620394": ("Software Engineer, Infrastructure", "Tel Aviv", "IL"),
        "987412365478523": ("Research Scientist, Computer Vision", "Tel Aviv", "IL"),
        "2231456879012345": ("מהנדס/ת תוכנה, Reality Labs", "Tel Aviv", "IL"),
    }
    assert stored["2231456879012345"]["description_text"].startswith("צוות Reality Labs בתל אביב")
    assert sessions(sqlite_url, company="meta")[-1]["status"] == "completed"
    # Only the search page went through the browser; the job pages were plain requests.
    assert "'playwright/page_count': 1," in result.stderr
