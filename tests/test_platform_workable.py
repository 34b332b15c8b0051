"""Workable platform base, through a throwaway subclass, on saved real-format responses."""

from __future__ import annotations

import pytest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from dbcheck import postings, sessions
from jobscraper.platforms.base import SpiderConfigurationError
from jobscraper.platforms.workable import WorkableSpider
from spidertest import FIXTURES, call, load_json, make_spider, response_for, start_requests

HOST = "https://apply.workable.com"
SAVED = FIXTURES / "workable"


class ExampleSpider(WorkableSpider):
    name = "example_workable"
    company = "ExampleCo"
    account = "exampleco"


def listed(spider):
    [listing] = start_requests(spider)
    return call(listing, load_json(SAVED / "widget.json"))


def test_the_widget_listing_is_one_get_per_account_and_base_url_keeps_the_path():
    [request] = start_requests(make_spider(ExampleSpider, base_url="http://127.0.0.1:8899"))
    assert (request.method, request.url) == ("GET", "http://127.0.0.1:8899/api/v1/widget/accounts/exampleco")


def test_a_detail_per_israeli_posting_and_none_for_boston():
    spider = make_spider(ExampleSpider)
    items, requests = listed(spider)
    assert items == []
    assert [r.url for r in requests] == [
        f"{HOST}/api/v2/accounts/exampleco/jobs/A1B2C3D4E5",
        f"{HOST}/api/v2/accounts/exampleco/jobs/F6G7H8J9K0",
        f"{HOST}/api/v2/accounts/exampleco/jobs/R7S8T9U0V1",  # no locations list: the flat city says Haifa
    ]
    assert all(r.errback == spider.detail_failed for r in requests)


def test_hebrew_detail_to_item():
    spider = make_spider(ExampleSpider)
    _, [_, hebrew, _] = listed(spider)
    [item] = call(hebrew, load_json(SAVED / "detail-hebrew.json"))[0]
    assert dict(item) == {
        "company": "example_workable",
        "external_id": "F6G7H8J9K0",
        "title": "מהנדס/ת תוכנה משובצת",
        "url": f"{HOST}/exampleco/j/F6G7H8J9K0/",
        "apply_url": "https://apply.workable.com/j/F6G7H8J9K0/apply",
        "location": "Yehud, Center District, Israel",
        "locations": ["Yehud, Center District, Israel"],
        "department": "R&D",
        "employment_type": "Full-time",
        "workplace_type": "Hybrid",
        "remote": False,
        "description_html": ("<p>הצטרפו לצוות ה-Embedded ביהוד.</p>\n<ul><li>C/C++</li><li>ניסיון עם RTOS</li></ul>\n"
                             "<p>Hybrid work, gym.</p>"),
        "posted_at_raw": "2026-01-06T09:12:00.000Z",
        "extra_metadata": {"code": "RND-102", "function": "Engineering", "experience": "Associate"},
        "listing_fingerprint": hebrew.cb_kwargs["listing_fingerprint"],
    }


def test_detail_without_locations_takes_them_from_the_listing_and_joins_a_department_list():
    spider = make_spider(ExampleSpider)
    _, [*_, haifa] = listed(spider)
    [item] = call(haifa, load_json(SAVED / "detail-no-locations.json"))[0]
    assert (item["title"], item["location"], item["department"]) == ("R&D Team Lead", "Haifa, Israel", "R&D, Firmware")
    assert (item["workplace_type"], item["extra_metadata"]) == ("On-site", None)
    assert item["description_html"] == "<p>Lead the radar firmware team in Haifa &amp; Yehud.</p>"


def test_unchanged_listing_rows_skip_their_detail():
    first = make_spider(ExampleSpider)
    _, requests = listed(first)
    spider = make_spider(ExampleSpider)
    stored = {r.cb_kwargs["external_id"]: r.cb_kwargs["listing_fingerprint"] for r in requests}
    spider.known_listings = {**stored, "F6G7H8J9K0": "changed since"}
    items, requests = listed(spider)
    assert sorted(item["external_id"] for item in items) == ["A1B2C3D4E5", "R7S8T9U0V1"]
    assert all(item["seen_only"] for item in items)
    assert [r.cb_kwargs["external_id"] for r in requests] == ["F6G7H8J9K0"]


@pytest.mark.parametrize("status", [404, 410])
def test_a_detail_that_is_gone_marks_the_posting_gone(status):
    spider = make_spider(ExampleSpider)
    _, [detail, *_] = listed(spider)
    failure = Failure(HttpError(response_for(detail, {"error": "Not found"}, status=status)))
    failure.request = detail
    list(detail.errback(failure) or [])
    assert spider.gone_external_ids == {"A1B2C3D4E5"}


def test_an_unreadable_detail_keeps_a_stored_posting_seen():
    spider = make_spider(ExampleSpider)
    _, [detail, *_] = listed(spider)
    spider.known_listings = {"A1B2C3D4E5": "old"}
    items, _ = call(detail, "<html>Too many requests</html>")
    assert [dict(item) for item in items] == [{"company": "example_workable", "external_id": "A1B2C3D4E5",
                                               "listing_fingerprint": None, "seen_only": True}]
    assert spider.crawler.stats.get_value("jobscraper/errors/detail_unusable") == 1


@pytest.mark.parametrize("body", ["<html>blocked</html>", '{"jobs": ', '{"name": "ExampleCo"}'])
def test_an_unreadable_listing_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    [listing] = start_requests(spider)
    assert call(listing, body) == ([], [])
    assert len(spider.incomplete_reasons) == 1


def test_missing_account_names_the_attribute():
    class Broken(WorkableSpider):
        name = "broken"
        company = "Broken"

    with pytest.raises(SpiderConfigurationError, match="account"):
        make_spider(Broken)


def test_vayyar_crawl_twice_fetches_details_only_the_first_time(sqlite_url, server, run_scrapy):
    server.load_site(FIXTURES / "sites" / "vayyar")
    for _ in (1, 2):
        result = run_scrapy("crawl", "vayyar", "-a", f"base_url={server.base_url}")
        assert result.returncode == 0, result.stderr[-2000:]
    assert len(server.requests_to("/api/v2/accounts/vayyar/jobs/A1B2C3D4E5")) == 1
    assert (sessions(sqlite_url, "vayyar")[-1]["jobs_unchanged"]) == 2
    stored = postings(sqlite_url, "vayyar")
    assert stored["F6G7H8J9K0"]["title"] == "מהנדס/ת תוכנה משובצת"
    assert (stored["A1B2C3D4E5"]["city"], stored["A1B2C3D4E5"]["country"]) == ("Yehud", "IL")
