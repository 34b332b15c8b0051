"""Google careers platform base, through a throwaway subclass, on saved real-format results pages."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from jobscraper.platforms.google import GoogleCareersSpider, at, js_value
from spidertest import FIXTURES, SAMPLES, call, load_json, make_spider, start_requests

PAGES = FIXTURES / "google"
HTML = {"Content-Type": "text/html; charset=utf-8"}
RESULTS = "https://www.google.com/about/careers/applications/jobs/results/"


class ExampleSpider(GoogleCareersSpider):
    name = "example_google"
    company = "Google"


def results_page(data: list) -> str:
    """The ds:1 array inside the page around it, as the careers site serves it."""
    return (
        "<!doctype html><html><body><script nonce=\"x\">AF_initDataCallback({key: 'ds:0', hash: '1', "
        "data:[[[\"google\",\"Google\"]]], sideChannel: {}});</script><script nonce=\"x\">"
        f"AF_initDataCallback({{key: 'ds:1', hash: '2', data:{json.dumps(data, ensure_ascii=False)}, "
        "sideChannel: {}});</script></body></html>"
    )


def page(name: str) -> str:
    return (PAGES / name).read_text("utf-8")


def first_request(spider):
    [request] = start_requests(spider)
    return request


def test_first_request_is_page_one_of_the_israel_results():
    request = first_request(make_spider(ExampleSpider))
    assert request.url == f"{RESULTS}?hl=en_US&location=Israel"
    assert request.method == "GET"
    assert request.errback.__func__ is GoogleCareersSpider.listing_failed
    assert request.cb_kwargs == {"page": 1}


def test_sample_ds1_to_items():
    spider = make_spider(ExampleSpider)
    items, requests = call(first_request(spider), results_page(load_json(SAMPLES / "google-list.json")["data"]), headers=HTML)
    assert requests == []  # 2 of 20: the last page
    first, hebrew = items
    assert dict(first) == {
        "company": "example_google",
        "external_id": "100000000000000001",
        "title": "Software Engineer, Cloud Infrastructure",
        "url": f"{RESULTS}100000000000000001",
        "location": "Tel Aviv, Israel",
        "locations": ["Tel Aviv, Israel", "Haifa, Israel"],
        "places_raw": [
            {"city": "Tel Aviv-Yafo", "country": "IL", "region": None, "text": "Tel Aviv, Israel"},
            {"city": "Haifa", "country": "IL", "region": None, "text": "Haifa, Israel"},
        ],
        "country": "IL",
        "description_html": (
            "<h3>Minimum qualifications:</h3><ul><li>Bachelor's degree or equivalent practical experience.</li></ul>"
            "<br><h3>Preferred qualifications:</h3><ul><li>Experience with C++.</li></ul>"
            "<h3>About the job</h3><p>About the job: Google's Israel engineering teams build core infrastructure.</p>"
            "<h3>Responsibilities</h3><ul><li>Design and build distributed storage services.</li>"
            "<li>Review code &amp; mentor engineers.</li></ul>"
        ),
        "posted_at_raw": [1767225600, 839000000],
        "source_updated_at_raw": [1767830400, 899000000],
        "extra_metadata": {"brand": "Google"},
    }
    assert hebrew["title"] == "מהנדס/ת חומרה, סטודנט/ית"
    # No "about the job" section on this one.
    assert "About the job" not in hebrew["description_html"]
    assert spider.incomplete_reasons == []


def test_a_full_page_asks_for_the_next_and_a_short_page_ends_the_walk():
    spider = make_spider(ExampleSpider)
    items, [next_page] = call(first_request(spider), page("results-page1.html"), headers=HTML)
    assert len(items) == 20
    assert items[0]["title"] == "Software Engineer 0, Infrastructure"
    assert items[0]["description_html"].startswith("<h3>Minimum qualifications:</h3><ul>")
    assert next_page.url == f"{RESULTS}?hl=en_US&location=Israel&page=2"
    assert next_page.cb_kwargs == {"page": 2}
    assert next_page.errback.__func__ is GoogleCareersSpider.listing_failed

    items, requests = call(next_page, page("results-page2.html"), headers=HTML)
    assert requests == []
    hebrew, multi, short = items
    assert hebrew["title"] == "מהנדס/ת תוכנה, חיפוש"
    assert hebrew["description_html"].count('<p dir="rtl">הצוות בחיפה בונה את חיפוש Google.</p>') == 1
    # Listed from London first; the source's country is the Israeli location's.
    assert (multi["locations"], multi["country"]) == (["London, UK", "Tel Aviv, Israel"], "IL")
    assert multi["extra_metadata"] == {"brand": "YouTube"}
    # A row cut short after the title: every missing field reads as None, nothing raises.
    assert dict(short) == {
        "company": "example_google",
        "external_id": "110000000000000022",
        "title": "Technical Writer",
        "url": f"{RESULTS}110000000000000022",
        "location": None,
        "locations": [],
        "places_raw": [],
        "country": None,
        "description_html": None,
        "posted_at_raw": None,
        "source_updated_at_raw": None,
        "extra_metadata": None,
    }
    assert spider.incomplete_reasons == []


def test_a_javascript_literal_payload_is_read_like_json():
    spider = make_spider(ExampleSpider)
    [item], requests = call(first_request(spider), page("results-js-literal.html"), headers=HTML)
    assert requests == []
    assert item["title"] == "Hardware Engineer, Silicon & Packaging"
    assert item["description_html"] == (
        "<h3>Minimum qualifications:</h3><ul><li>Bachelor's degree.</li></ul>"
        "<h3>About the job</h3><p>Join the צוות team in Tel Aviv.</p>"
        '<h3>Responsibilities</h3><ul><li>Bring up "first silicon".</li></ul>'
    )
    assert (item["location"], item["country"]) == ("Tel Aviv, Israel", "IL")
    assert item["posted_at_raw"] == [1767484800, 0]


@pytest.mark.parametrize("literal, expected", [
    ("[1,,3]", [1, None, 3]),
    ("[1,2,]", [1, 2]),
    ("[undefined,!0,!1,0x1f,.5]", [None, True, False, 31, 0.5]),
    ("{a:'x\\'y',\"b\":[]}", {"a": "x'y", "b": []}),
    ("['\\x3cb\\x3e\\u05e9\\n']", ["<b>ש\n"]),
])
def test_javascript_literals(literal, expected):
    assert js_value(literal) == expected


def test_bounds_checked_access():
    assert at([[1, [2]]], 0, 1, 0) == 2
    assert at([[1]], 0, 5) is None
    assert at(None, 0) is None
    assert at(["text"], 0, 0) is None  # a string is not a positional array


def test_a_moved_field_reads_as_missing_not_as_garbage():
    row = ["7", "Engineer", None, "not a pair", None, None, None, None, None, "not a list", None, None,
           "yesterday", [1767225600, 0]]
    [item], _ = call(first_request(make_spider(ExampleSpider)), results_page([[row], None, 1, 20]), headers=HTML)
    assert (item["description_html"], item["locations"], item["posted_at_raw"]) == (None, [], None)
    assert item["source_updated_at_raw"] == [1767225600, 0]


def test_empty_results_are_no_items_and_no_fault():
    spider = make_spider(ExampleSpider)
    items, requests = call(first_request(spider), page("results-empty.html"), headers=HTML)
    assert (items, requests, spider.incomplete_reasons) == ([], [], [])


@pytest.mark.parametrize("body", [
    page("results-no-ds1.html"),                                                  # markup changed
    "<html><body>Our systems have detected unusual traffic</body></html>",        # a block page
    "<script>AF_initDataCallback({key: 'ds:1', hash: '2', data:[[[\"1\",\"Engineer",            # truncated
    results_page(["not the job list", None, 1, 20]),                              # another shape
])
def test_a_page_without_readable_ds1_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    items, requests = call(first_request(spider), body, headers=HTML)
    assert (items, requests) == ([], [])
    assert spider.crawler.stats.get_value("jobscraper/crawl/incomplete") == 1
    assert len(spider.incomplete_reasons) == 1


def test_a_job_seen_on_an_earlier_page_is_not_repeated():
    spider = make_spider(ExampleSpider)
    data = load_json(SAMPLES / "google-list.json")["data"]
    call(first_request(spider), results_page(data), headers=HTML)
    items, _ = call(first_request(spider), results_page(data), headers=HTML)
    assert items == []


def test_since_keeps_only_recent_postings():
    spider = make_spider(ExampleSpider, since="24h")
    spider.since_cutoff = datetime(2026, 1, 3, tzinfo=timezone.utc)
    items, _ = call(first_request(spider), results_page(load_json(SAMPLES / "google-list.json")["data"]), headers=HTML)
    # 2026-01-01 created, updated 2026-01-08: kept; the Hebrew one (2025-12-19) is not.
    assert [item["external_id"] for item in items] == ["100000000000000001"]


def test_the_page_cap_marks_the_crawl_incomplete():
    spider = make_spider(ExampleSpider, {"JOBSCRAPER_MAX_LISTING_PAGES": {"google": 1}})
    items, requests = call(first_request(spider), page("results-page1.html"), headers=HTML)
    assert (len(items), requests) == (20, [])
    assert "pagination cap" in spider.incomplete_reasons[0]


def test_crawl_against_the_site_fixture(run_scrapy, server, sqlite_url, tmp_path):
    server.load_site(FIXTURES / "sites" / "google")
    output = tmp_path / "items.jsonl"
    result = run_scrapy("crawl", "google", "-a", f"base_url={server.base_url}", "-O", str(output))
    assert result.returncode == 0, result.stderr[-2000:]
    [request] = server.requests_to("/about/careers/applications/jobs/results/")
    assert request.query == {"hl": "en_US", "location": "Israel"}
    items = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    # The row without locations is dropped by the location filter.
    assert sorted(item["external_id"] for item in items) == ["110000000000000020", "110000000000000021"]
    hebrew = next(item for item in items if item["external_id"] == "110000000000000020")
    assert (hebrew["city"], hebrew["country"], hebrew["posted_at"]) == ("Haifa", "IL", "2026-01-02T00:00:00+00:00")
