"""SmartRecruiters platform base, through a throwaway subclass, on saved real-format responses."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import scrapy
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from jobscraper.platforms.smartrecruiters import SmartRecruitersSpider
from dbcheck import postings, sessions
from placecheck import place_of
from spidertest import FIXTURES, SAMPLES, call, load_json, make_spider, response_for, start_requests

API = "https://api.smartrecruiters.com/v1/companies/ExampleCo2/postings"
SAVED = FIXTURES / "smartrecruiters"


class ExampleSpider(SmartRecruitersSpider):
    name = "example_smartrecruiters"
    company = "ExampleCo"
    company_identifier = "ExampleCo2"


class SmallPages(ExampleSpider):
    page_size = 2


def detail_ids(requests):
    return [request.cb_kwargs["external_id"] for request in requests]


def test_first_page_asks_for_israel_with_the_lower_case_country_filter():
    [request] = start_requests(make_spider(ExampleSpider))
    assert request.url == f"{API}?limit=100&offset=0&country=il"


def test_one_listing_per_country_and_none_without_a_country_filter():
    class TwoCountries(ExampleSpider):
        countries = ("IL", "US")

    class Everywhere(ExampleSpider):
        countries = None

    assert [r.url for r in start_requests(make_spider(TwoCountries))] == [
        f"{API}?limit=100&offset=0&country=il",
        f"{API}?limit=100&offset=0&country=us",
    ]
    assert [r.url for r in start_requests(make_spider(Everywhere))] == [f"{API}?limit=100&offset=0"]


def test_base_url_replaces_scheme_and_host_of_listing_and_detail_requests():
    spider = make_spider(ExampleSpider, base_url="http://127.0.0.1:8899")
    [request] = start_requests(spider)
    assert request.url == "http://127.0.0.1:8899/v1/companies/ExampleCo2/postings?limit=100&offset=0&country=il"
    _, requests = call(request, load_json(SAMPLES / "smartrecruiters-list.json"))
    assert requests[0].url == "http://127.0.0.1:8899/v1/companies/ExampleCo2/postings/744000100000001"


def test_sample_listing_requests_a_detail_per_israeli_posting():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, requests = call(request, load_json(SAMPLES / "smartrecruiters-list.json"))
    assert items == []  # totalFound 3 on one page: no further listing page
    assert [r.url for r in requests] == [f"{API}/744000100000001", f"{API}/744000100000002"]  # Kyiv is left out
    assert detail_ids(requests) == ["744000100000001", "744000100000002"]
    assert all(r.errback == spider.detail_failed for r in requests)
    assert request.errback == spider.listing_failed


def test_sample_detail_to_item():
    spider = make_spider(ExampleSpider)
    [listing] = start_requests(spider)
    _, [detail, _] = call(listing, load_json(SAMPLES / "smartrecruiters-list.json"))
    [item] = call(detail, load_json(SAMPLES / "smartrecruiters-detail.json"))[0]
    assert dict(item) == {
        "company": "example_smartrecruiters",
        "external_id": "744000100000001",
        "title": "Backend Developer - Payments",
        "url": "https://jobs.smartrecruiters.com/ExampleCo2/744000100000001-backend-developer-payments",
        "apply_url": None,  # the same page as url
        "location": "Tel Aviv-Yafo, Tel Aviv District, Israel",
        "locations": ["Tel Aviv-Yafo, Tel Aviv District, Israel"],
        "places_raw": [
            {"city": "Tel Aviv-Yafo", "country": "il", "region": "Tel Aviv District", "remote": False, "text": "Tel Aviv-Yafo, Tel Aviv District, Israel"},
        ],
        "country": "IL",
        "department": "R&D",
        "employment_type": "Full-time",
        "workplace_type": None,
        "remote": False,
        "description_html": (
            "<h2>Company Description</h2>\n<p>ExampleCo builds tools for creators.</p>\n"
            "<h2>Job Description</h2>\n<p>Join the Payments group in Tel Aviv.</p><ul><li>Design &amp; build "
            "scalable services</li><li>Own production quality</li></ul>\n"
            "<h2>Qualifications</h2>\n<ul><li>4+ years with Java or Kotlin</li><li>Experience with "
            "distributed systems</li></ul>\n"
            "<h2>Additional Information</h2>\n<p>Hybrid: 3 days a week in the office.</p>"
        ),
        "posted_at_raw": "2026-01-09T07:45:12.311Z",
        "extra_metadata": {"ref_number": "REF1234X", "experience_level": "Mid-Senior Level",
                           "function": "Engineering"},
        "listing_fingerprint": detail.cb_kwargs["listing_fingerprint"],
    }


def test_pages_follow_offsets_until_total_found():
    spider = make_spider(SmallPages)
    [first] = start_requests(spider)
    assert first.url == f"{API}?limit=2&offset=0&country=il"
    items, requests = call(first, load_json(SAVED / "page-1.json"))
    assert items == []
    *details, second = requests
    assert detail_ids(details) == ["744000111111111", "744000111111112"]
    assert second.url == f"{API}?limit=2&offset=2&country=il"
    assert second.errback == spider.listing_failed
    items, requests = call(second, load_json(SAVED / "page-2.json"))
    assert [r.url for r in requests] == [f"{API}/744000111111113"]  # the last page: no further page
    assert spider.incomplete_reasons == []


def test_hebrew_detail_with_missing_optional_fields():
    spider = make_spider(SmallPages)
    [first] = start_requests(spider)
    _, [herzliya, hebrew, _] = call(first, load_json(SAVED / "page-1.json"))
    [item] = call(hebrew, load_json(SAVED / "detail-hebrew.json"))[0]
    assert dict(item) == {
        "company": "example_smartrecruiters",
        "external_id": "744000111111112",
        "title": "מהנדס/ת תוכנה - צוות תשלומים",
        "url": "https://jobs.smartrecruiters.com/ExampleCo2/744000111111112-",
        "apply_url": "https://jobs.smartrecruiters.com/ExampleCo2/744000111111112-?oga=true",
        "location": "תל אביב-יפו, ישראל",
        "locations": ["תל אביב-יפו, ישראל"],
        "places_raw": [
            {"city": "תל אביב-יפו", "country": "il", "region": None, "remote": False, "text": "תל אביב-יפו, ישראל"},
        ],
        "country": "IL",
        "department": None,
        "employment_type": "Full-time",
        "workplace_type": None,
        "remote": False,
        # the empty company section is left out
        "description_html": (
            "<h2>תיאור התפקיד</h2>\n<p dir=\"rtl\">אנחנו מחפשים מהנדס/ת תוכנה לצוות <strong>התשלומים</strong>."
            "</p><ul><li>פיתוח שירותי Backend &amp; API</li></ul>"
        ),
        "posted_at_raw": "2026-11-20T13:02:11.000Z",
        "extra_metadata": {"ref_number": "REQ-2026-0412"},
        "listing_fingerprint": hebrew.cb_kwargs["listing_fingerprint"],
    }
    [item] = call(herzliya, load_json(SAVED / "detail-herzliya.json"))[0]
    assert (item["workplace_type"], item["department"]) == ("Hybrid", "Data Platform")
    assert item["description_html"].startswith("<h2>Company Description</h2>\n<p>ExampleCo runs payments")


def test_unchanged_listing_skips_its_detail_and_a_changed_one_does_not():
    first_run = make_spider(SmallPages)
    _, requests = call(start_requests(first_run)[0], load_json(SAVED / "page-1.json"))
    stored = {r.cb_kwargs["external_id"]: r.cb_kwargs["listing_fingerprint"] for r in requests[:2]}

    page = load_json(SAVED / "page-1.json")
    page["content"][1]["name"] = "מהנדס/ת תוכנה בכיר/ה - צוות תשלומים"  # retitled since the last crawl
    spider = make_spider(SmallPages)
    spider.known_listings = stored
    items, requests = call(start_requests(spider)[0], page)
    assert [dict(item) for item in items] == [{
        "company": "example_smartrecruiters",
        "external_id": "744000111111111",
        "listing_fingerprint": stored["744000111111111"],
        "seen_only": True,
    }]
    assert [r.url for r in requests] == [f"{API}/744000111111112", f"{API}?limit=2&offset=2&country=il"]
    assert requests[0].cb_kwargs["listing_fingerprint"] != stored["744000111111112"]
    assert spider.crawler.stats.get_value("jobscraper/details/skipped_unchanged") == 1


def test_full_fetches_every_detail():
    spider = make_spider(SmallPages, full="1")
    first = start_requests(spider)[0]
    _, requests = call(first, load_json(SAVED / "page-1.json"))
    spider.known_listings = {r.cb_kwargs["external_id"]: r.cb_kwargs["listing_fingerprint"] for r in requests[:2]}
    items, requests = call(first, load_json(SAVED / "page-1.json"))
    assert items == [] and detail_ids(requests[:2]) == ["744000111111111", "744000111111112"]


@pytest.mark.parametrize("status", [404, 410])
def test_detail_gone_marks_the_posting_gone(status):
    spider = make_spider(ExampleSpider)
    _, [detail, _] = call(start_requests(spider)[0], load_json(SAMPLES / "smartrecruiters-list.json"))
    failure = Failure(HttpError(response_for(detail, {"message": "Not found"}, status=status)))
    failure.request = detail
    list(detail.errback(failure) or [])
    assert spider.gone_external_ids == {"744000100000001"}
    assert spider.incomplete_reasons == []


def test_unparsable_detail_is_counted_not_fatal():
    spider = make_spider(ExampleSpider)
    _, [detail, _] = call(start_requests(spider)[0], load_json(SAMPLES / "smartrecruiters-list.json"))
    assert call(detail, "<html>Service Unavailable</html>") == ([], [])
    assert spider.crawler.stats.get_value("jobscraper/errors/detail_unusable") == 1
    assert spider.incomplete_reasons == []


@pytest.mark.parametrize("body", ["<html>busy</html>", '{"content": [', '{"message": "bad company"}',
                                  '{"offset": 0, "limit": 100, "content": []}'])
def test_unparsable_listing_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    items, requests = call(start_requests(spider)[0], body)
    assert (items, requests) == ([], [])
    assert spider.crawler.stats.get_value("jobscraper/crawl/incomplete") == 1


def test_empty_page_before_total_found_marks_the_crawl_incomplete():
    spider = make_spider(SmallPages)
    second = spider.listing_request(2, "IL")
    items, requests = call(second, {"offset": 2, "limit": 2, "totalFound": 3, "content": []})
    assert (items, requests) == ([], [])
    assert len(spider.incomplete_reasons) == 1


def test_since_skips_postings_released_before_the_window():
    spider = make_spider(SmallPages, since="24h")
    spider.since_cutoff = datetime(2026, 11, 10, tzinfo=timezone.utc)
    _, requests = call(start_requests(spider)[0], load_json(SAVED / "page-1.json"))
    assert [r.url for r in requests] == [f"{API}/744000111111112", f"{API}?limit=2&offset=2&country=il"]


def test_wix_crawl_twice_fetches_details_only_the_first_time(sqlite_url, server, run_scrapy):
    server.load_site(FIXTURES / "sites" / "wix")
    details = "/v1/companies/Wix2/postings/744000090000101"
    for crawl in (1, 2):
        result = run_scrapy("crawl", "wix", "-a", f"base_url={server.base_url}")
        assert result.returncode == 0, result.stderr[-2000:]
        assert len(server.requests_to(details)) == 1  # still one after the second crawl
    session = sessions(sqlite_url, "wix")[-1]
    assert (session["jobs_new"], session["jobs_unchanged"], session["jobs_removed"]) == (0, 3, 0)
    stored = postings(sqlite_url, "wix")
    assert stored["744000090000102"]["title"] == "מפתח/ת Frontend - Wix Studio"
    assert (stored["744000090000102"]["city"], stored["744000090000102"]["country"]) == ("Be'er Sheva", "IL")
    assert stored["744000090000101"]["description_text"].startswith("Company Description\nWix is a leading platform")


def test_places_a_structured_city_beside_a_country_written_as_a_name():
    class Everywhere(ExampleSpider):
        countries = None

    spider = make_spider(Everywhere)
    detail = scrapy.Request("https://api.smartrecruiters.com/v1/companies/ExampleCo2/postings/744000000000001",
                            callback=spider.parse_detail,
                            cb_kwargs={"external_id": "744000000000001", "listing_fingerprint": "f", "listing": {}})
    [item] = call(detail, load_json(FIXTURES / "places" / "smartrecruiters-detail.json"))[0]
    # country "China. People's Republic" with the city Guangzhou given separately
    assert place_of(spider, item) == ("Guangzhou", None, "CN")
