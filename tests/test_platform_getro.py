"""Getro VC board platform base, through a throwaway subclass, on saved real-format responses."""

from __future__ import annotations

import json

import pytest

from jobscraper.platforms.base import SpiderConfigurationError
from jobscraper.platforms.getro import GetroSpider
from spidertest import FIXTURES, call, load_json, make_spider, start_requests

SEARCH = "https://api.getro.com/api/v2/collections/4242/search/jobs"
SAVED = FIXTURES / "getro"


class ExampleBoard(GetroSpider):
    name = "example_getro"
    company = "Example Ventures"
    collection_id = "4242"
    board_url = "https://jobs.example.vc"


class GlobalBoard(ExampleBoard):
    searchable_locations = ("Israel",)


class PagesOfTwo(ExampleBoard):
    hits_per_page = 2
    max_pages = 3


def body(request):
    return json.loads(request.body)


def test_the_search_is_a_post_with_exact_accept_and_the_board_as_origin():
    [request] = start_requests(make_spider(ExampleBoard, base_url="http://127.0.0.1:8899"))
    assert (request.method, request.url) == ("POST", "http://127.0.0.1:8899/api/v2/collections/4242/search/jobs")
    assert body(request) == {"hitsPerPage": 20, "page": 0, "filters": {"page": 0}, "query": ""}
    assert request.headers["Accept"] == b"application/json"
    assert request.headers["Content-Type"] == b"application/json"
    assert (request.headers["Origin"], request.headers["Referer"]) == (b"https://jobs.example.vc",
                                                                       b"https://jobs.example.vc/jobs")


def test_jobs_are_the_employers_with_the_ats_url():
    items, requests = call(start_requests(make_spider(ExampleBoard))[0], load_json(SAVED / "search.json"))
    assert requests == []  # count 3 reached
    assert dict(items[1]) == {
        "company": "example_getro",
        "external_id": "41000002",
        "title": "מהנדס/ת נתונים (Data Engineer)",
        "url": "https://www.comeet.com/jobs/examplesec/AA.0FF/data-engineer/C4.D57",
        "location": "חיפה, ישראל",
        "locations": ["חיפה, ישראל", "Haifa, Israel", "Israel"],
        "employment_type": "full_time",
        "workplace_type": "On-site",
        "remote": False,
        "posted_at_raw": 1767139200,
        "extra_metadata": {"employer": {"id": 826002, "name": "ExampleSec", "slug": "examplesec"},
                           "seniority": "associate"},
    }
    assert items[2]["extra_metadata"]["compensation"] == {"min": 150000.0, "max": 190000.0,
                                                          "currency": "USD", "period": "year"}
    assert (items[2]["workplace_type"], items[2]["remote"]) == ("Remote", True)


def test_pages_follow_until_the_count_and_quirky_rows():
    spider = make_spider(PagesOfTwo)
    [first] = start_requests(spider)
    items, [second] = call(first, load_json(SAVED / "page-0.json"))
    assert [item["external_id"] for item in items] == ["41000201", "41000202"]
    assert body(second)["page"] == 1 and body(second)["filters"] == {"page": 1}
    items, requests = call(second, load_json(SAVED / "page-1.json"))
    assert requests == [] and spider.incomplete_reasons == []
    [hebrew_employer] = items  # the job without an organization is counted, not stored
    assert spider.crawler.stats.get_value("jobscraper/errors/listing_row_without_employer") == 1
    assert hebrew_employer["posted_at_raw"] == "2026-01-02T10:00:00Z"  # an older board's ISO date
    assert hebrew_employer["extra_metadata"]["employer"] == {"id": 826102, "name": 'דוגמה בע"מ'}
    assert hebrew_employer["extra_metadata"]["compensation"]["min"] == 45000.0


def test_an_empty_page_before_the_count_and_the_page_cap_mark_the_crawl_incomplete():
    spider = make_spider(PagesOfTwo)
    [first] = start_requests(spider)
    call(first, {"results": {"count": 4, "jobs": []}})
    assert "empty after 0 of 4" in spider.incomplete_reasons[0]
    capped = make_spider(PagesOfTwo)
    request = capped.page_request(2, collected=4)
    more = load_json(SAVED / "page-0.json")
    more["results"]["count"] = 9
    items, requests = call(request, more)
    assert (len(items), requests) == (2, [])
    assert "more than 3 pages" in capped.incomplete_reasons[0]


def test_a_global_board_asks_for_israel_and_without_the_filter_when_it_finds_nothing():
    spider = make_spider(GlobalBoard)
    [first] = start_requests(spider)
    assert body(first)["filters"] == {"page": 0, "searchable_locations": ["Israel"]}
    tel_aviv = load_json(SAVED / "search.json")["results"]["jobs"][0]
    _, [second] = call(first, {"results": {"count": 3, "jobs": [tel_aviv]}})
    assert body(second)["filters"] == {"page": 1, "searchable_locations": ["Israel"]}
    [unfiltered] = call(first, {"results": {"count": 0, "jobs": []}})[1]
    assert body(unfiltered)["filters"] == {"page": 0}
    assert call(unfiltered, {"results": {"count": 0, "jobs": []}}) == ([], [])  # nothing at all: done
    assert spider.crawler.stats.get_value("jobscraper/getro/location_filter_found_nothing") == 1
    assert spider.incomplete_reasons == []


def test_an_empty_board_is_a_complete_crawl_of_nothing():
    spider = make_spider(ExampleBoard)
    assert call(start_requests(spider)[0], {"results": {"count": 0, "jobs": []}}) == ([], [])
    assert spider.incomplete_reasons == []


@pytest.mark.parametrize("payload", ["<html>Access denied</html>", '{"results": {"jobs": []}}', '{"error": "x"}'])
def test_an_unreadable_page_marks_the_crawl_incomplete(payload):
    spider = make_spider(ExampleBoard)
    assert call(start_requests(spider)[0], payload) == ([], [])
    assert len(spider.incomplete_reasons) == 1


def test_missing_configuration_names_the_attributes():
    class Broken(GetroSpider):
        name = "broken"
        company = "Broken"

    with pytest.raises(SpiderConfigurationError, match="collection_id, board_url"):
        make_spider(Broken)
