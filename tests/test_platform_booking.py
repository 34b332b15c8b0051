"""Booking.com jobs API base, through a throwaway subclass, on saved real-format responses."""

from __future__ import annotations

import pytest

from jobscraper.platforms.booking import BookingJobsSpider
from spidertest import FIXTURES, call, load_json, make_spider, start_requests

SAVED = FIXTURES / "booking"
API = "https://jobs.booking.com/api/jobs"


class ExampleSpider(BookingJobsSpider):
    name = "example_booking"
    company = "Booking.com"


class SmallPages(ExampleSpider):
    page_size = 2


def test_first_page_is_page_one_with_a_hundred_rows_and_the_board_as_referrer():
    [request] = start_requests(make_spider(ExampleSpider))
    assert request.url == f"{API}?page=1&limit=100"
    assert request.headers[b"Referer"] == b"https://jobs.booking.com/booking/jobs"
    [local] = start_requests(make_spider(ExampleSpider, base_url="http://127.0.0.1:8899"))
    assert local.url == "http://127.0.0.1:8899/api/jobs?page=1&limit=100"


def test_sample_page_to_items():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, requests = call(request, load_json(SAVED / "jobs.json"))
    assert requests == []  # totalCount 3 reached on the first page
    first, hebrew, amsterdam = items
    assert dict(first) == {
        "company": "example_booking",
        "external_id": "30010001",
        "title": "Senior Software Engineer - Fintech",
        "url": "https://jobs.booking.com/booking/jobs/30010001",
        "apply_url": "https://jobs.booking.com/booking/jobs/30010001/apply",
        "location": "Tel Aviv, Tel Aviv District, Israel",
        "locations": ["Tel Aviv, Tel Aviv District, Israel"],
        "country": "IL",
        "department": "Fintech",
        "employment_type": "FULL_TIME",
        "workplace_type": None,
        "description_html": "<p>Join the Tel Aviv office and build payment products.</p>",
        "posted_at_raw": "2026-01-08T07:00:00+0000",
        "source_updated_at_raw": "2026-01-09T07:00:00+0000",
        "extra_metadata": {"hiring_organization": "Booking.com", "location_type": "ANY", "categories": ["Engineering"]},
    }
    assert hebrew["title"] == "מפתח/ת Android"
    assert hebrew["locations"] == ["Tel Aviv, Tel Aviv District, Israel", "Amsterdam, North Holland, Netherlands"]
    assert hebrew["extra_metadata"]["other_countries"] == ["NL"]
    assert (amsterdam["country"], amsterdam["extra_metadata"]["hiring_organization"]) == ("NL", "Booking Holdings")


def test_pages_are_read_until_total_count():
    spider = make_spider(SmallPages)
    [first] = start_requests(spider)
    items, [second] = call(first, load_json(SAVED / "jobs-page1.json"))
    assert second.url == f"{API}?page=2&limit=2"
    more, after = call(second, load_json(SAVED / "jobs-page2.json"))
    assert after == [] and spider.incomplete_reasons == []
    assert [item["external_id"] for item in items + more] == ["30010001", "30010002", "30010003", "30010004"]
    remote = more[1]
    # No full_location: built from city, state and country; no department: the categories.
    assert (remote["location"], remote["department"], remote["workplace_type"]) == (
        "Tel Aviv, Tel Aviv District, Israel", "Engineering", "Remote")


def test_an_empty_page_before_total_count_marks_the_crawl_incomplete():
    spider = make_spider(SmallPages)
    [first] = start_requests(spider)
    _, [second] = call(first, load_json(SAVED / "jobs-page1.json"))
    assert call(second, {"jobs": [], "totalCount": 4}) == ([], [])
    assert len(spider.incomplete_reasons) == 1


def test_paging_stops_at_max_pages_and_marks_the_crawl_incomplete():
    class OnePage(SmallPages):
        max_pages = 1

    spider = make_spider(OnePage)
    [first] = start_requests(spider)
    items, requests = call(first, load_json(SAVED / "jobs-page1.json"))
    assert len(items) == 2 and requests == []
    assert "max_pages=1" in spider.incomplete_reasons[0]


@pytest.mark.parametrize("body", ["<html>Access denied</html>", '{"jobs": []}', '{"totalCount": 3}'])
def test_unparsable_listing_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    assert call(request, body) == ([], [])
    assert len(spider.incomplete_reasons) == 1
