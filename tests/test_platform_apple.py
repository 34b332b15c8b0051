"""Apple jobs platform base, through a throwaway subclass, on saved real-format responses."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from scrapy.http import JsonRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from jobscraper.platforms.apple import AppleJobsSpider
from spidertest import FIXTURES, SAMPLES, call, load_json, make_spider, response_for, start_requests

SAVED = FIXTURES / "apple"
SEARCH = "https://jobs.apple.com/api/v1/search"
DETAILS = "https://jobs.apple.com/api/v1/jobDetails"


class ExampleSpider(AppleJobsSpider):
    name = "example_apple"
    company = "Apple"


def body(request) -> dict:
    return json.loads(request.body)


def first_request(spider):
    [request] = start_requests(spider)
    return request


def sample_listing():
    return load_json(SAMPLES / "apple-list.json")


def test_first_request_is_the_israel_search_page_one():
    request = first_request(make_spider(ExampleSpider))
    assert isinstance(request, JsonRequest)
    assert (request.method, request.url) == ("POST", SEARCH)
    assert body(request) == {
        "query": "",
        "filters": {"locations": ["postLocation-ISR"]},
        "page": 1,
        "locale": "en-us",
        "sort": "newest",
        "format": {"longDate": "MMMM D, YYYY", "mediumDate": "MMM D, YYYY"},
    }
    assert request.headers.get("Content-Type") == b"application/json"
    assert request.headers.get("x-apple-csrf-token") is None  # no token unless the search asks for one
    assert request.meta["handle_httpstatus_list"] == [401, 403]
    assert request.errback.__func__ is AppleJobsSpider.listing_failed
    assert request.cb_kwargs == {"page": 1}


def test_sample_listing_asks_for_each_detail_and_stops_on_the_short_page():
    spider = make_spider(ExampleSpider)
    items, requests = call(first_request(spider), sample_listing())
    assert items == []
    req, pipe = requests  # no third page request: 2 rows < 20
    assert req.url == f"{DETAILS}/200000001-0001?locale=en-us"
    assert pipe.url == f"{DETAILS}/200000002?locale=en-us"  # PIPE- stripped
    assert [r.cb_kwargs["external_id"] for r in requests] == ["200000001-0001", "PIPE-200000002"]
    assert all(r.errback.__func__ is AppleJobsSpider.detail_failed for r in requests)
    assert spider.incomplete_reasons == []


def test_sample_detail_to_item():
    spider = make_spider(ExampleSpider)
    _, [detail_request, _] = call(first_request(spider), sample_listing())
    [item], requests = call(detail_request, load_json(SAMPLES / "apple-detail.json"))
    assert requests == []
    listing_fp = detail_request.cb_kwargs["fp"]
    assert dict(item) == {
        "company": "example_apple",
        "external_id": "200000001-0001",
        "title": "Embedded Firmware Engineer",
        "url": "https://jobs.apple.com/en-us/details/200000001-0001/embedded-firmware-engineer",
        "location": "Herzliya, Israel",
        "locations": ["Herzliya, Israel"],
        "places_raw": [{"city": "Herzliya", "country": "Israel", "region": "", "text": "Herzliya"}],
        "country": "IL",
        "department": "Hardware",
        "employment_type": "Intern",
        "remote": False,
        "description_html": (
            "<h3>Description</h3><p>Join the Herzliya team building firmware for custom silicon. "
            "You will own bring-up &amp; debug.</p>"
            "<h3>Minimum Qualifications</h3><ul><li>BSc in Electrical Engineering or Computer Science</li>"
            "<li>3+ years of embedded C</li></ul>"
            "<h3>Preferred Qualifications</h3><ul><li>Experience with ARM architectures</li>"
            "<li>Familiarity with Python tooling</li></ul>"
        ),
        "posted_at_raw": "Jan 08, 2026",
        "source_updated_at_raw": "2026-01-08T06:00:00.000Z",
        "extra_metadata": {"position_id": "200000001", "req_id": "200000001-0001", "standard_weekly_hours": 42},
        "listing_fingerprint": listing_fp,
    }


def test_a_full_page_asks_for_the_next_page_which_is_deduplicated():
    spider = make_spider(ExampleSpider)
    items, requests = call(first_request(spider), load_json(SAVED / "search-page1.json"))
    *details, next_page = requests
    assert (items, len(details)) == ([], 20)
    assert (next_page.url, body(next_page)["page"], next_page.cb_kwargs) == (SEARCH, 2, {"page": 2})
    assert body(next_page)["filters"] == {"locations": ["postLocation-ISR"]}
    assert next_page.errback.__func__ is AppleJobsSpider.listing_failed

    items, requests = call(next_page, load_json(SAVED / "search-page2.json"))
    # The row re-sorted from page 1 is not fetched twice; 3 rows < 20 ends the walk.
    assert [r.url for r in requests] == [f"{DETAILS}/200600020?locale=en-us", f"{DETAILS}/200600021-3715?locale=en-us"]
    pipe, bare = requests

    [item], _ = call(pipe, {"res": {"description": "Help customers."}})
    assert (item["external_id"], item["url"]) == ("PIPE-200600020",
                                                  "https://jobs.apple.com/en-us/details/200600020/apple-store-specialist")
    assert (item["department"], item["extra_metadata"]) == ("Apple Retail", {"position_id": "200600020", "standard_weekly_hours": 42})

    # Optional fields missing from the row: no locations, team, remote flag or GMT date.
    [item], _ = call(bare, {"res": {}})
    assert dict(item) == {
        "company": "example_apple",
        "external_id": "200600021-3715",
        "title": "Camera Firmware Engineer",
        "url": "https://jobs.apple.com/en-us/details/200600021-3715/camera-firmware-engineer",
        "location": None,
        "locations": [],
        "places_raw": [],
        "country": None,
        "department": None,
        "employment_type": None,
        "remote": None,
        "description_html": None,
        "posted_at_raw": "Dec 29, 2025",
        "source_updated_at_raw": None,
        "extra_metadata": {"position_id": "200600021"},
        "listing_fingerprint": bare.cb_kwargs["fp"],
    }


def test_hebrew_posting_with_html_and_text_sections():
    spider = make_spider(ExampleSpider)
    _, requests = call(first_request(spider), load_json(SAVED / "search-page1.json"))
    hebrew_request = next(r for r in requests if r.cb_kwargs.get("external_id") == "200600003-0836")
    [item], _ = call(hebrew_request, load_json(SAVED / "detail-hebrew.json"))
    assert item["title"] == "מהנדס/ת אימות שבבים"
    assert item["locations"] == ["Haifa, Israel", "Herzliya, Israel"]
    assert item["employment_type"] == "Standard"
    assert item["description_html"] == (
        "<h3>Summary</h3><p>הצטרפו לצוות האימות בחיפה.</p>"
        "<h3>Description</h3><p>You will verify Apple silicon.</p>"
        "<p>You will work with design teams in Haifa &amp; Cupertino.</p>"
        "<h3>Minimum Qualifications</h3><ul><li>B.Sc. in Electrical Engineering</li><li>3+ years of UVM/SystemVerilog</li></ul>"
        "<h3>Preferred Qualifications</h3><ul><li>Formal verification</li><li>Python &amp; Perl</li></ul>"
    )


def test_past_the_last_page_is_an_empty_envelope_not_a_fault():
    spider = make_spider(ExampleSpider)
    for payload in (load_json(SAVED / "search-past-end.json"), {"res": {"totalRecords": 0}}):
        items, requests = call(first_request(spider), payload)
        assert (items, requests) == ([], [])
    assert spider.incomplete_reasons == []


def test_a_refused_search_fetches_a_csrf_token_and_asks_again_with_it():
    spider = make_spider(ExampleSpider)
    search = first_request(spider)
    items, [token_request] = call(search, {"error": "Unauthorized"}, status=401)
    assert items == []
    assert (token_request.method, token_request.url) == ("GET", "https://jobs.apple.com/api/v1/CSRFToken")
    assert token_request.errback.__func__ is AppleJobsSpider.listing_failed

    _, [again] = call(token_request, b"", headers={"x-apple-csrf-token": "tok-123"})
    assert (again.url, body(again)["page"], again.dont_filter) == (SEARCH, 1, True)
    assert again.headers.get("x-apple-csrf-token") == b"tok-123"

    _, requests = call(again, sample_listing())
    assert [r.headers.get("x-apple-csrf-token") for r in requests] == [b"tok-123", b"tok-123"]
    assert spider.incomplete_reasons == []


def test_refused_even_with_a_token_marks_the_crawl_incomplete():
    spider = make_spider(ExampleSpider)
    spider.csrf_token = "stale"
    items, requests = call(first_request(spider), {"error": "Forbidden"}, status=403)
    assert (items, requests) == ([], [])
    assert "even with a CSRF token" in spider.incomplete_reasons[0]


def test_a_token_answer_without_the_header_marks_the_crawl_incomplete():
    spider = make_spider(ExampleSpider)
    _, [token_request] = call(first_request(spider), b"", status=401)
    assert call(token_request, b"{}") == ([], [])
    assert spider.crawler.stats.get_value("jobscraper/crawl/incomplete") == 1


def test_unchanged_listing_skips_the_detail_request():
    spider = make_spider(ExampleSpider)
    _, [first, second] = call(first_request(spider), sample_listing())
    spider.known_listings = {"200000001-0001": first.cb_kwargs["fp"], "PIPE-200000002": "an older listing"}
    spider.seen_ids.clear()
    items, requests = call(first_request(spider), sample_listing())
    assert [dict(item) for item in items] == [{
        "company": "example_apple", "external_id": "200000001-0001",
        "listing_fingerprint": first.cb_kwargs["fp"], "seen_only": True,
    }]
    assert [r.cb_kwargs["external_id"] for r in requests] == ["PIPE-200000002"]  # changed: fetched again
    assert spider.crawler.stats.get_value("jobscraper/details/skipped_unchanged") == 1


def test_full_fetches_every_detail_even_when_unchanged():
    _, first_pass = call(first_request(make_spider(ExampleSpider)), sample_listing())
    spider = make_spider(ExampleSpider, full="1")
    spider.known_listings = {r.cb_kwargs["external_id"]: r.cb_kwargs["fp"] for r in first_pass}
    items, requests = call(first_request(spider), sample_listing())
    assert (items, len(requests)) == ([], 2)


def test_the_fingerprint_ignores_the_moving_gmt_timestamp():
    spider = make_spider(ExampleSpider)
    _, [before, _] = call(first_request(spider), sample_listing())
    touched = sample_listing()
    touched["res"]["searchResults"][0]["postDateInGMT"] = "2026-01-08T06:00:00.345Z"
    spider.seen_ids.clear()
    _, [after, _] = call(first_request(spider), touched)
    assert before.cb_kwargs["fp"] == after.cb_kwargs["fp"]


def test_detail_404_means_the_posting_is_gone():
    spider = make_spider(ExampleSpider)
    _, [detail_request, _] = call(first_request(spider), sample_listing())
    response = response_for(detail_request, load_json(SAVED / "detail-not-found.json"), status=404)
    failure = Failure(HttpError(response, "Ignoring non-200 response"))
    failure.request = detail_request
    list(detail_request.errback(failure) or [])
    assert spider.gone_external_ids == {"200000001-0001"}
    assert spider.incomplete_reasons == []


@pytest.mark.parametrize("payload", ["<html>Service Unavailable</html>", '{"res": {"searchResults": [', '{"error": "x"}'])
def test_unparsable_listing_marks_the_crawl_incomplete(payload):
    spider = make_spider(ExampleSpider)
    items, requests = call(first_request(spider), payload)
    assert (items, requests) == ([], [])
    assert spider.crawler.stats.get_value("jobscraper/crawl/incomplete") == 1


def test_unparsable_detail_is_an_error_not_an_item():
    spider = make_spider(ExampleSpider)
    _, [detail_request, _] = call(first_request(spider), sample_listing())
    assert call(detail_request, "<html>busy</html>") == ([], [])
    assert call(detail_request, {"error": "x"}) == ([], [])
    assert spider.crawler.stats.get_value("jobscraper/errors/detail_unusable") == 2
    assert spider.incomplete_reasons == []


def test_since_skips_old_postings_before_their_detail():
    spider = make_spider(ExampleSpider, since="7d")
    spider.since_cutoff = datetime(2026, 1, 5, tzinfo=timezone.utc)
    _, requests = call(first_request(spider), sample_listing())
    assert [r.cb_kwargs["external_id"] for r in requests] == ["200000001-0001"]  # Dec 30 is too old


def test_the_page_cap_marks_the_crawl_incomplete():
    spider = make_spider(ExampleSpider, {"JOBSCRAPER_MAX_LISTING_PAGES": {"apple": 1}})
    _, requests = call(first_request(spider), load_json(SAVED / "search-page1.json"))
    assert all("jobDetails" in r.url for r in requests)
    assert "pagination cap" in spider.incomplete_reasons[0]


def test_crawl_with_a_csrf_handshake_against_the_site_fixture(run_scrapy, server, sqlite_url, tmp_path):
    server.load_site(FIXTURES / "sites" / "apple")
    server.add("/api/v1/search", {"error": "Unauthorized"}, method="POST", status=401, times=1)
    server.add("/api/v1/CSRFToken", b"", headers={"x-apple-csrf-token": "tok-e2e",
                                                "Set-Cookie": "jssid=session-1; Path=/"})
    output = tmp_path / "items.jsonl"
    result = run_scrapy("crawl", "apple", "-a", f"base_url={server.base_url}", "-O", str(output))
    assert result.returncode == 0, result.stderr[-2000:]
    refused, accepted = server.requests_to("/api/v1/search")
    assert "x-apple-csrf-token" not in {k.lower() for k in refused.headers}
    headers = {k.lower(): v for k, v in accepted.headers.items()}
    assert (headers["x-apple-csrf-token"], headers["cookie"]) == ("tok-e2e", "jssid=session-1")
    assert accepted.json()["page"] == 1
    items = {item["external_id"]: item for item in map(json.loads, output.read_text("utf-8").splitlines())}
    assert sorted(items) == ["200000001-0001", "PIPE-200000002"]
    assert items["PIPE-200000002"]["title"] == "סטודנט/ית להנדסת תוכנה"
    assert (items["200000001-0001"]["city"], items["200000001-0001"]["employment_type"]) == ("Herzliya", "internship")
