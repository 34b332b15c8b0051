"""Breezy HR platform base, through a throwaway subclass, on saved real-format responses."""

from __future__ import annotations

import pytest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from dbcheck import postings, sessions
from jobscraper.platforms.base import SpiderConfigurationError
from jobscraper.platforms.breezy import BreezySpider
from spidertest import FIXTURES, call, load_json, make_spider, response_for, start_requests

PORTAL = "https://exampleco.breezy.hr"
SAVED = FIXTURES / "breezy"
HTML = {"Content-Type": "text/html; charset=utf-8"}


class ExampleSpider(BreezySpider):
    name = "example_breezy"
    company = "ExampleCo"
    portal = "exampleco"


def listed(spider):
    [listing] = start_requests(spider)
    return call(listing, load_json(SAVED / "list.json"))


def page(name):
    return (SAVED / name).read_text("utf-8")


def test_the_listing_is_the_portal_json_sent_with_the_portal_as_referer():
    [request] = start_requests(make_spider(ExampleSpider, base_url="http://127.0.0.1:8899"))
    assert request.url == "http://127.0.0.1:8899/json"
    assert request.headers["Referer"] == b"https://exampleco.breezy.hr/"


def test_a_job_page_per_israeli_or_countryless_row_and_a_broken_row_is_counted():
    spider = make_spider(ExampleSpider)
    items, requests = listed(spider)
    assert items == []
    assert [r.url for r in requests] == [
        f"{PORTAL}/p/a1b2c3d4e5f6-senior-backend-engineer",
        f"{PORTAL}/p/f6e5d4c3b2a1-qa",
        f"{PORTAL}/p/0a9b8c7d6e5f-customer-success-manager",  # "Remote": its page says where
    ]
    assert spider.crawler.stats.get_value("jobscraper/errors/listing_row_without_id") == 1


def test_job_page_json_ld_to_item():
    spider = make_spider(ExampleSpider)
    _, [tel_aviv, *_] = listed(spider)
    [item] = call(tel_aviv, page("p-senior-backend-engineer.html"), headers=HTML)[0]
    assert dict(item) == {
        "company": "example_breezy",
        "external_id": "a1b2c3d4e5f6",
        "title": "Senior Backend Engineer &amp; Team Lead",  # unescaped by the normalise pipeline
        "url": f"{PORTAL}/p/a1b2c3d4e5f6-senior-backend-engineer",
        "location": "Tel Aviv-Yafo, IL",
        "locations": ["Tel Aviv-Yafo, IL"],
        "department": "R&D",
        "employment_type": "Full-Time",
        "workplace_type": None,
        "remote": False,
        "description_html": "<p>Build the payments core in Tel Aviv.</p><ul><li>Go &amp; Postgres</li></ul>",
        "posted_at_raw": "2026-01-08T08:00:00.000Z",
        "extra_metadata": None,
        "listing_fingerprint": tel_aviv.cb_kwargs["listing_fingerprint"],
    }


def test_a_remote_row_takes_its_location_from_the_job_page():
    spider = make_spider(ExampleSpider)
    _, [*_, remote] = listed(spider)
    [item] = call(remote, page("p-remote-israel.html"), headers=HTML)[0]
    assert (item["location"], item["workplace_type"], item["remote"]) == ("Herzliya, Israel", "Remote", True)
    assert item["extra_metadata"] == {"salary": "$90k - $110k"}
    assert item["department"] is None


def test_unchanged_rows_skip_their_job_page():
    _, requests = listed(make_spider(ExampleSpider))
    spider = make_spider(ExampleSpider)
    spider.known_listings = {r.cb_kwargs["external_id"]: r.cb_kwargs["listing_fingerprint"] for r in requests}
    items, requests = listed(spider)
    assert (len(items), requests) == (3, [])
    assert spider.crawler.stats.get_value("jobscraper/details/skipped_unchanged") == 3


def test_a_page_without_json_ld_is_unusable_and_a_gone_page_removes():
    spider = make_spider(ExampleSpider)
    _, [first, second, _] = listed(spider)
    assert call(first, "<html><body>Position closed</body></html>", headers=HTML) == ([], [])
    assert spider.crawler.stats.get_value("jobscraper/errors/detail_unusable") == 1
    failure = Failure(HttpError(response_for(second, "<html>gone</html>", status=404, headers=HTML)))
    failure.request = second
    list(second.errback(failure) or [])
    assert spider.gone_external_ids == {"f6e5d4c3b2a1"}


@pytest.mark.parametrize("body", ["<html>Access denied</html>", '{"error": "portal not found"}', "[{"])
def test_an_unreadable_listing_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    [listing] = start_requests(spider)
    assert call(listing, body) == ([], [])
    assert len(spider.incomplete_reasons) == 1


def test_missing_portal_names_the_attribute():
    class Broken(BreezySpider):
        name = "broken"
        company = "Broken"

    with pytest.raises(SpiderConfigurationError, match="portal"):
        make_spider(Broken)


def test_two_portals_on_one_stand_in_server_each_get_their_own_jobs(sqlite_url, server, run_scrapy):
    server.load_site(FIXTURES / "sites" / "descope")
    server.load_site(FIXTURES / "sites" / "dalet")
    for slug in ("descope", "dalet"):
        result = run_scrapy("crawl", slug, "-a", f"base_url={server.base_url}")
        assert result.returncode == 0, result.stderr[-2000:]
        assert sessions(sqlite_url, slug)[-1]["jobs_new"] == 2
    assert sorted(p["title"] for p in postings(sqlite_url, "descope").values()) == [
        "Identity Platform Engineer", "מפתח/ת Full Stack"]
    assert postings(sqlite_url, "dalet")["dalet1a1"]["city"] == "Ra'anana"
