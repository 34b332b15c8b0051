"""amazon.jobs platform base, through throwaway subclasses, on saved real-format responses."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from jobscraper.platforms import amazon
from jobscraper.platforms.amazon import AmazonJobsSpider
from spidertest import FIXTURES, SAMPLES, call, fingerprinted, load_json, make_spider, start_requests

SAVED = FIXTURES / "amazon"
BUSY = (SAVED / "server-busy.html").read_text("utf-8")
HTML = {"Content-Type": "text/html;charset=UTF-8"}


class ExampleSpider(AmazonJobsSpider):
    name = "example_amazon"
    company = "Amazon"


class SmallPages(ExampleSpider):
    """Two jobs a page, so the saved three-job search spans two pages."""
    page_size = 2


def url(offset: int, limit: int = 100) -> str:
    return f"https://www.amazon.jobs/en/search.json?country=ISR&result_limit={limit}&offset={offset}&sort=recent"


def test_first_request_filters_on_the_iso3_country():
    [request] = start_requests(make_spider(ExampleSpider))
    assert request.url == url(0)
    assert request.errback.__name__ == "listing_failed"
    assert request.cb_kwargs == {"offset": 0, "attempt": 0}


def test_sample_to_items():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, requests = call(request, load_json(SAMPLES / "amazon-list.json"))
    assert requests == []  # 2 of 2 hits on a short page: done
    first, hebrew = items
    assert fingerprinted(first, load_json(SAMPLES / "amazon-list.json")["jobs"], "id_icims") == {
        "company": "example_amazon",
        "external_id": "10000001",
        "title": "Software Development Engineer, Annapurna Labs ",
        "url": "https://www.amazon.jobs/en/jobs/10000001/software-development-engineer-annapurna-labs",
        "apply_url": "https://www.amazon.jobs/applicant/jobs/10000001/apply",
        "location": "Haifa, Haifa District, ISR",
        "locations": ["Haifa, Haifa District, ISR"],
        "places_raw": [{"city": "Haifa", "country": "ISR", "text": "Haifa, Haifa District, ISR"}],
        "city": "Haifa",
        "country": "IL",
        "department": "Software Development",
        "employment_type": "full-time",
        "workplace_type": "onsite",
        "remote": None,
        "description_html": (
            "<div>Annapurna Labs designs silicon and software for AWS.<br/><br/>Key job responsibilities<br/>"
            "- Build system software for custom accelerators<br/>- Debug hardware &amp; software interactions</div>"
            "<h3>Basic Qualifications</h3><p>- 3+ years of non-internship professional software development "
            "experience<br/>- Experience programming with C or C++</p>"
            "<h3>Preferred Qualifications</h3><p>- Bachelor's degree in computer science or equivalent</p>"
        ),
        "posted_at_raw": "January  9, 2026",
        "extra_metadata": {"business_category": "aws", "company_name": "Amazon Development Center (Israel) Ltd."},
    }
    assert hebrew["title"] == "סטודנט/ית לפיתוח תוכנה"
    assert hebrew["locations"] == ["Tel Aviv, Tel Aviv District, ISR", "Virtual, ISR"]
    assert (hebrew["remote"], hebrew["workplace_type"]) == (True, None)  # a VIRTUAL location
    assert hebrew["employment_type"] == "part-time"
    # An empty preferred_qualifications adds no empty section.
    assert hebrew["description_html"] == ('<div><div dir="rtl">משרת סטודנט בצוות פיתוח.</div></div>'
                                          "<h3>Basic Qualifications</h3><p>- Currently enrolled in a B.Sc. in "
                                          "Computer Science</p>")


def test_pages_until_a_short_page():
    spider = make_spider(SmallPages)
    [request] = start_requests(spider)
    items, [page2] = call(request, load_json(SAVED / "search-offset0.json"))
    assert [i["external_id"] for i in items] == ["3012345", "3012346"]
    assert page2.url == url(2, limit=2)
    assert page2.cb_kwargs == {"offset": 2, "attempt": 0} and page2.errback.__name__ == "listing_failed"
    [intern], requests = call(page2, load_json(SAVED / "search-offset2.json"))
    assert requests == [] and spider.incomplete_reasons == []
    # Optional fields missing: no category, no apply link, no preferred qualifications.
    assert (intern["department"], intern["apply_url"], intern["extra_metadata"]) == (None, None, {
        "company_name": "Amazon Development Center (Israel) Ltd."})
    assert intern["employment_type"] == "internship"
    assert intern["posted_at_raw"] == "January  5, 2026"
    assert intern["description_html"] == (
        "<div>Join Annapurna Labs for a summer internship.</div>"
        "<h3>Basic Qualifications</h3><p>- Currently enrolled in a Bachelor's degree in Computer Science</p>"
    )
    assert amazon.description_html({"description": "<p>Only a description</p>", "preferred_qualifications": " "}) == (
        "<p>Only a description</p>")


def test_an_honest_hits_ends_paging_without_an_empty_page():
    spider = make_spider(SmallPages)
    [request] = start_requests(spider)
    page = load_json(SAVED / "search-offset0.json") | {"hits": 2}
    _, requests = call(request, page)
    assert requests == [] and spider.incomplete_reasons == []


def test_postings_shifting_between_pages_leave_the_count_short():
    spider = make_spider(SmallPages)
    [request] = start_requests(spider)
    first = load_json(SAVED / "search-offset0.json")
    _, [page2] = call(request, first)
    # A new posting pushed 3012346 onto the next page; 3012347 is not reached.
    _, requests = call(page2, first | {"jobs": first["jobs"][1:]})
    assert requests == []
    assert spider.incomplete_reasons == ["read 2 distinct jobs of the 3 the search counts"]


def test_the_10000_result_ceiling_marks_the_crawl_incomplete():
    class Ceiling(SmallPages):
        result_ceiling = 4

    spider = make_spider(Ceiling)
    [request] = start_requests(spider)
    page = load_json(SAVED / "search-offset0.json") | {"hits": 10000}  # not a real count
    _, [page2] = call(request, page)
    _, requests = call(page2, page | {"jobs": [dict(job, id_icims=job["id_icims"] + "9") for job in page["jobs"]]})
    assert requests == []
    assert spider.incomplete_reasons == ["the search passes the 4 results amazon.jobs serves"]


def test_jobs_null_past_the_end_is_an_empty_page():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    assert call(request, load_json(SAVED / "past-ceiling.json")) == ([], [])
    assert spider.incomplete_reasons == []


@pytest.mark.parametrize("body, reason", [
    (load_json(SAVED / "result-limit-error.json"), "Result limit cannot be greater than 100"),
    ({"error": None, "hits": 0}, "no 'jobs' list"),
])
def test_an_error_payload_marks_the_crawl_incomplete(body, reason):
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    assert call(request, body) == ([], [])
    assert spider.incomplete_reasons == [f"listing at {url(0)}: {reason}"]


class FakeEngine:
    def __init__(self) -> None:
        self.paused = False

    def pause(self) -> None:
        self.paused = True

    def unpause(self) -> None:
        self.paused = False


@pytest.fixture
def scheduled(monkeypatch) -> list:
    """The delayed calls the spider asked for, instead of a running event loop."""
    calls: list = []
    monkeypatch.setattr(amazon, "call_later", lambda delay, func: calls.append((delay, func)))
    return calls


def test_a_server_busy_page_holds_the_crawl_off_then_asks_again(scheduled):
    spider = make_spider(ExampleSpider)
    spider.crawler.engine = engine = FakeEngine()
    [request] = start_requests(spider)
    items, [retry] = call(request, BUSY, headers=HTML)
    assert items == [] and spider.incomplete_reasons == []
    assert (retry.url, retry.cb_kwargs, retry.dont_filter) == (url(0), {"offset": 0, "attempt": 1}, True)
    assert engine.paused and [delay for delay, _ in scheduled] == [30.0]
    scheduled[0][1]()
    assert not engine.paused
    _, [again] = call(retry, BUSY, headers=HTML)
    assert again.cb_kwargs == {"offset": 0, "attempt": 2} and scheduled[1][0] == 60.0
    items, _ = call(again, load_json(SAMPLES / "amazon-list.json"))
    assert len(items) == 2 and spider.incomplete_reasons == []
    assert spider.crawler.stats.get_value("jobscraper/throttled") == 2


def test_throttling_that_persists_marks_the_crawl_incomplete(scheduled):
    spider = make_spider(ExampleSpider)
    spider.crawler.engine = FakeEngine()
    [request] = start_requests(spider)
    for attempt in range(1, ExampleSpider.throttle_retries + 1):
        _, [request] = call(request, BUSY, headers=HTML)
        assert request.cb_kwargs["attempt"] == attempt
    assert call(request, BUSY, headers=HTML) == ([], [])
    assert spider.incomplete_reasons == [
        f"listing at {url(0)} is still not JSON after 4 retries (throttled: 'Server Busy' page)"
    ]
    assert [delay for delay, _ in scheduled] == [30.0, 60.0, 90.0, 120.0]


def test_since_keeps_recent_jobs_and_stops_at_an_older_page():
    spider = make_spider(SmallPages, since="24h")
    spider.since_cutoff = datetime(2026, 2, 1, tzinfo=timezone.utc)
    [request] = start_requests(spider)
    items, [page2] = call(request, load_json(SAVED / "search-offset0.json"))
    assert [i["external_id"] for i in items] == ["3012345"]
    spider.since_cutoff = datetime(2026, 2, 10, tzinfo=timezone.utc)
    spider.seen_ids.clear()
    assert call(request, load_json(SAVED / "search-offset0.json")) == ([], [])
    assert spider.incomplete_reasons == []
