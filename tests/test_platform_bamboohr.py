"""BambooHR platform base, through a throwaway subclass, on saved real-format responses."""

from __future__ import annotations

import pytest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from dbcheck import postings, sessions
from jobscraper.platforms.bamboohr import BambooHRSpider
from jobscraper.platforms.base import SpiderConfigurationError
from spidertest import FIXTURES, call, load_json, make_spider, response_for, start_requests

CAREERS = "https://exampleco.bamboohr.com/careers"
SAVED = FIXTURES / "bamboohr"


class ExampleSpider(BambooHRSpider):
    name = "example_bamboohr"
    company = "ExampleCo"
    tenant = "exampleco"


def listed(spider, body=None):
    [listing] = start_requests(spider)
    return call(listing, body if body is not None else load_json(SAVED / "list.json"))


def test_the_listing_is_one_request_with_the_careers_page_as_referer():
    [request] = start_requests(make_spider(ExampleSpider, base_url="http://127.0.0.1:8899"))
    assert request.url == "http://127.0.0.1:8899/careers/list"
    assert request.headers["Referer"] == CAREERS.encode()


def test_a_detail_per_row_in_israel_and_none_for_new_york():
    spider = make_spider(ExampleSpider)
    items, requests = listed(spider)
    assert items == [] and spider.incomplete_reasons == []
    assert [r.url for r in requests] == [f"{CAREERS}/101/detail", f"{CAREERS}/102/detail", f"{CAREERS}/104/detail"]


def test_hebrew_detail_to_item_with_the_location_from_ats_location():
    spider = make_spider(ExampleSpider)
    _, [_, hebrew, _] = listed(spider)
    [item] = call(hebrew, load_json(SAVED / "detail-102-hebrew.json"))[0]
    assert dict(item) == {
        "company": "example_bamboohr",
        "external_id": "102",
        "title": "מפתח/ת Backend",
        "url": f"{CAREERS}/102",
        "location": "Tel Aviv-Yafo, Israel",
        "locations": ["Tel Aviv-Yafo, Israel"],
        "department": "R&D",
        "employment_type": "Full-Time",
        "workplace_type": "On-site",
        "remote": False,
        "description_html": ("<p>אנחנו מחפשים מפתח/ת Backend לצוות הפלטפורמה.</p><ul><li>Python או Go</li>"
                             "<li>ניסיון עם Kubernetes</li></ul>"),
        "posted_at_raw": "2026-01-07",
        "extra_metadata": {"minimum_experience": "Experienced"},
        "listing_fingerprint": hebrew.cb_kwargs["listing_fingerprint"],
    }


def test_an_older_row_with_a_string_location_and_is_remote():
    spider = make_spider(ExampleSpider)
    _, [*_, herzliya] = listed(spider)
    detail = {"meta": {}, "result": {"jobOpening": {"jobOpeningName": "DevOps Engineer", "description": "<p>CI/CD</p>",
                                                    "datePosted": "2026-01-09"}}}
    [item] = call(herzliya, detail)[0]
    assert (item["location"], item["workplace_type"], item["remote"], item["department"]) == (
        "Herzliya, Israel", "Remote", True, None)


def test_fewer_rows_than_total_count_is_an_incomplete_crawl():
    data = load_json(SAVED / "list.json")
    data["meta"]["totalCount"] = 40
    spider = make_spider(ExampleSpider)
    _, requests = listed(spider, data)
    assert len(requests) == 3 and len(spider.incomplete_reasons) == 1


def test_unchanged_rows_skip_their_detail():
    _, requests = listed(make_spider(ExampleSpider))
    spider = make_spider(ExampleSpider)
    spider.known_listings = {r.cb_kwargs["external_id"]: r.cb_kwargs["listing_fingerprint"] for r in requests}
    items, requests = listed(spider)
    assert ([item["external_id"] for item in items], requests) == (["101", "102", "104"], [])


def test_detail_gone_unusable_and_a_retired_tenant():
    spider = make_spider(ExampleSpider)
    _, [first, second, _] = listed(spider)
    failure = Failure(HttpError(response_for(first, "", status=404)))
    failure.request = first
    list(first.errback(failure) or [])
    assert spider.gone_external_ids == {"101"}
    assert call(second, {"meta": {}, "result": []}) == ([], [])
    assert spider.crawler.stats.get_value("jobscraper/errors/detail_unusable") == 1
    retired = make_spider(ExampleSpider)
    [listing] = start_requests(retired)
    moved = listing.replace(url="https://www.bamboohr.com/")
    assert call(moved, "<html>BambooHR</html>", headers={"Content-Type": "text/html"}) == ([], [])
    assert "retired" in retired.incomplete_reasons[0]


@pytest.mark.parametrize("body", ["<html>Sign in</html>", '{"meta": {}}', '{"result": '])
def test_an_unreadable_listing_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    assert listed(spider, body) == ([], [])
    assert len(spider.incomplete_reasons) == 1


def test_missing_tenant_names_the_attribute():
    class Broken(BambooHRSpider):
        name = "broken"
        company = "Broken"

    with pytest.raises(SpiderConfigurationError, match="tenant"):
        make_spider(Broken)


def test_two_tenants_on_one_stand_in_server_twice(sqlite_url, server, run_scrapy):
    server.load_site(FIXTURES / "sites" / "kodem")
    server.load_site(FIXTURES / "sites" / "cyberbit")
    for _ in (1, 2):
        for slug in ("kodem", "cyberbit"):
            result = run_scrapy("crawl", slug, "-a", f"base_url={server.base_url}")
            assert result.returncode == 0, result.stderr[-2000:]
    assert len(server.requests_to("/careers/701/detail")) == 1
    assert sessions(sqlite_url, "cyberbit")[-1]["jobs_unchanged"] == 2
    assert sorted(p["title"] for p in postings(sqlite_url, "cyberbit").values()) == [
        "Cyber Range Content Developer", "מהנדס/ת DevOps"]
    assert postings(sqlite_url, "kodem")["701"]["workplace_type"] == "hybrid"
