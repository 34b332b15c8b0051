"""Greenhouse platform base, through a throwaway subclass, on saved real-format responses."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from jobscraper.platforms.greenhouse import GreenhouseSpider
from placecheck import cities_of, place_of
from spidertest import FIXTURES, SAMPLES, call, fingerprinted, load_json, make_spider, start_requests


class ExampleSpider(GreenhouseSpider):
    name = "example_greenhouse"
    company = "ExampleCo"
    board_token = "exampleco"


def test_one_request_for_the_whole_board_with_content():
    [request] = start_requests(make_spider(ExampleSpider))
    assert request.url == "https://boards-api.greenhouse.io/v1/boards/exampleco/jobs?content=true"


def test_sample_board_to_items():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, requests = call(request, load_json(SAMPLES / "greenhouse-list.json"))
    assert requests == []
    first, hebrew, prospect = items
    assert fingerprinted(first, load_json(SAMPLES / "greenhouse-list.json")["jobs"]) | {"description_html": None} == {
        "company": "example_greenhouse",
        "external_id": "7000000001",
        "title": "Senior Backend Engineer",
        "url": "https://job-boards.greenhouse.io/exampleco/jobs/7000000001",
        "location": "Tel Aviv-Yafo, Israel",
        "locations": ["Tel Aviv-Yafo, Israel", "Tel Aviv-Yafo, Israel"],
        "department": "R&D",
        "employment_type": None,
        "workplace_type": None,
        "description_html": None,
        "posted_at_raw": "2025-12-30T04:02:11-05:00",
        "source_updated_at_raw": "2026-01-12T09:15:22-05:00",
        "extra_metadata": {"requisition_id": "R-1042", "internal_job_id": 6000000001},
    }
    # Greenhouse escapes its HTML once more: one unescape gives real tags, "&amp;" stays text.
    assert first["description_html"].startswith("<h2>About the role</h2><p>Build the ingestion platform &amp; own")
    assert hebrew["title"] == "מפתח/ת Full Stack - צוות Growth"
    assert (hebrew["employment_type"], hebrew["workplace_type"]) == ("Full-time", "Hybrid")
    assert hebrew["department"] is None
    assert prospect["posted_at_raw"] is None and prospect["description_html"] == ""


@pytest.mark.parametrize("body", ["<html>busy</html>", '{"jobs": [', '{"error": "no board"}'])
def test_unparsable_listing_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, _ = call(request, body)
    assert items == []
    assert spider.crawler.stats.get_value("jobscraper/crawl/incomplete") == 1
    assert len(spider.incomplete_reasons) == 1


def test_since_keeps_only_recent_postings():
    spider = make_spider(ExampleSpider, since="24h")
    spider.since_cutoff = datetime(2026, 1, 13, tzinfo=timezone.utc)
    [request] = start_requests(spider)
    items, _ = call(request, load_json(SAMPLES / "greenhouse-list.json"))
    assert [item["external_id"] for item in items] == ["7000000002"]


def test_a_failed_detail_keeps_a_stored_posting_seen_and_a_gone_one_removed():
    from scrapy.http import Response
    from scrapy.spidermiddlewares.httperror import HttpError
    from scrapy import Request
    from twisted.python.failure import Failure

    spider = make_spider(ExampleSpider)
    spider.known_listings = {"7": "fp7"}

    def failure(status: int, external_id: str) -> Failure:
        request = Request(f"https://example/{external_id}", cb_kwargs={"external_id": external_id})
        failed = Failure(HttpError(Response(request.url, status=status, request=request)))
        failed.request = request  # as Scrapy sets it for an errback
        return failed

    [kept] = list(spider.detail_failed(failure(503, "7")))
    assert (kept["external_id"], kept["seen_only"]) == ("7", True)
    assert list(spider.detail_failed(failure(503, "8"))) == []  # new posting: nothing to keep
    assert list(spider.detail_failed(failure(404, "7"))) == [] and spider.gone_external_ids == {"7"}
    assert spider.crawler.stats.get_value("jobscraper/errors/detail_failed") == 2


def test_places_the_location_name_before_the_office_list():
    class Everywhere(ExampleSpider):
        countries = None

    spider = make_spider(Everywhere)
    [request] = start_requests(spider)
    new_york, nigeria, various = call(request, load_json(FIXTURES / "places" / "greenhouse-board.json"))[0]
    assert place_of(spider, new_york) == ("New York", "New York", "US")  # not Columbus, the first office
    assert cities_of(spider, new_york) == ["New York", "Columbus"]
    assert place_of(spider, nigeria) == (None, None, "NG")  # a country, never a city
    assert place_of(spider, various) == ("Tel Aviv", "Tel Aviv", "IL")  # "Various" is no place
