"""Recruitee platform base, through a throwaway subclass, on saved real-format responses."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from dbcheck import postings
from jobscraper.platforms.base import SpiderConfigurationError
from jobscraper.platforms.recruitee import RecruiteeSpider
from spidertest import FIXTURES, call, load_json, make_spider, start_requests

SAVED = FIXTURES / "recruitee"


class ExampleSpider(RecruiteeSpider):
    name = "example_recruitee"
    company = "ExampleCo"
    company_slug = "exampleco"


def offers(spider):
    [listing] = start_requests(spider)
    return call(listing, load_json(SAVED / "offers.json"))


def test_one_request_to_the_offers_api_with_the_site_as_referer():
    [request] = start_requests(make_spider(ExampleSpider, base_url="http://127.0.0.1:8899"))
    assert request.url == "http://127.0.0.1:8899/api/offers"
    assert request.headers["Referer"] == b"https://exampleco.recruitee.com/"


def test_every_offer_is_an_item_with_its_text_and_the_location_filter_decides_later():
    items, requests = offers(make_spider(ExampleSpider))
    assert requests == []
    assert [item["external_id"] for item in items] == ["1200001", "1200002", "1200003", "1200004"]
    assert dict(items[1]) == {
        "company": "example_recruitee",
        "external_id": "1200002",
        "title": "מפתח/ת Frontend",
        "url": "https://exampleco.recruitee.com/o/frontend-developer",
        "apply_url": None,
        "location": "Tel Aviv-Yafo, Israel",
        "locations": ["Tel Aviv-Yafo, Israel"],
        "department": "R&D",
        "employment_type": "Full-time",
        "workplace_type": "On-site",
        "remote": False,
        "description_html": "<p>פיתוח ממשקי משתמש לפתולוגים.</p>\n<ul><li>React</li></ul>",
        "posted_at_raw": "2026-01-05 09:00:00 UTC",
        "extra_metadata": {"category": "it"},
    }


def test_quirks_flat_location_empty_sections_salary_and_workplace_flags():
    research, _, paris, haifa = offers(make_spider(ExampleSpider))[0]
    assert (research["workplace_type"], research["extra_metadata"]) == (
        "Hybrid", {"tags": ["deep learning"], "category": "research"})
    assert paris["extra_metadata"]["salary"] == {"min": 60000, "max": 75000, "currency": "EUR", "period": "year"}
    assert (haifa["location"], haifa["locations"], haifa["department"]) == ("Haifa, Israel", ["Haifa, Israel"], None)
    assert (haifa["employment_type"], haifa["workplace_type"], haifa["extra_metadata"]) == ("Part-time", None, None)
    assert haifa["description_html"] == "<p>Own test automation for the scanner software.</p>"


def test_since_keeps_offers_published_in_the_window():
    spider = make_spider(ExampleSpider, since="24h")
    spider.since_cutoff = datetime(2026, 1, 8, tzinfo=timezone.utc)
    assert [item["external_id"] for item in offers(spider)[0]] == ["1200001", "1200004"]


@pytest.mark.parametrize("body", ["<html>Maintenance</html>", '{"offers": null}', '{"offers": ['])
def test_an_unreadable_listing_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    [listing] = start_requests(spider)
    assert call(listing, body) == ([], [])
    assert len(spider.incomplete_reasons) == 1


def test_missing_company_slug_names_the_attribute():
    class Broken(RecruiteeSpider):
        name = "broken"
        company = "Broken"

    with pytest.raises(SpiderConfigurationError, match="company_slug"):
        make_spider(Broken)


def test_ibex_crawl_stores_its_israeli_offers(sqlite_url, server, run_scrapy):
    server.load_site(FIXTURES / "sites" / "ibex")
    result = run_scrapy("crawl", "ibex", "-a", f"base_url={server.base_url}")
    assert result.returncode == 0, result.stderr[-2000:]
    stored = postings(sqlite_url, "ibex")
    assert sorted(stored) == ["1200001", "1200002"]
    assert (stored["1200002"]["city"], stored["1200002"]["workplace_type"]) == ("Tel Aviv", "onsite")
