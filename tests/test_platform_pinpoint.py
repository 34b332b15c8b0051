"""Pinpoint platform base, through a throwaway subclass, on saved real-format responses."""

from __future__ import annotations

import pytest

from jobscraper.platforms.base import SpiderConfigurationError
from jobscraper.platforms.pinpoint import PinpointSpider
from spidertest import FIXTURES, call, load_json, make_spider, start_requests

SAVED = FIXTURES / "pinpoint"


class ExampleSpider(PinpointSpider):
    name = "example_pinpoint"
    company = "ExampleCo"
    subdomain = "exampleco"


def test_one_request_for_every_posting():
    [request] = start_requests(make_spider(ExampleSpider))
    assert request.url == "https://exampleco.pinpointhq.com/postings.json"
    [local] = start_requests(make_spider(ExampleSpider, base_url="http://127.0.0.1:8899"))
    assert local.url == "http://127.0.0.1:8899/postings.json"


def test_sample_postings_to_items():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, requests = call(request, load_json(SAVED / "postings.json"))
    assert requests == []
    first, hebrew, london, entities = items
    assert dict(first) == {
        "company": "example_pinpoint",
        "external_id": "880001",
        "title": "Senior Backend Engineer",
        "url": "https://exampleco.pinpointhq.com/en/postings/880001",
        "location": "Petah Tikva, Israel",
        "locations": ["Petah Tikva, Israel", "Petah Tikva"],
        "department": "R&D",
        "employment_type": "Full Time",
        "workplace_type": "hybrid",
        "description_html": "<p>Build the rides marketplace.</p>\n<h2>What you&#x27;ll do</h2>\n"
                            "<ul><li>Own services end to end</li></ul>\n<h2>What you bring</h2>\n"
                            "<ul><li>Go or Java</li></ul>\n<h2>Benefits</h2>\n<p>Hybrid</p>",
        "extra_metadata": {"requisition_id": "RND-1001", "division": "Engineering"},
    }
    assert hebrew["title"] == "מפתח/ת מובייל"
    assert hebrew["description_html"] == "<p>פיתוח אפליקציית הנוסעים.</p>"
    # A closing date is not a posted date: it stays in the metadata.
    assert "posted_at_raw" not in hebrew and hebrew["extra_metadata"]["deadline_at"] == "2026-02-28T23:59:00Z"
    # Pay is kept only where the board shows it.
    assert london["extra_metadata"]["compensation"] == {
        "minimum": 55000, "maximum": 65000, "currency": "GBP", "frequency": "year"}
    assert "compensation" not in first["extra_metadata"]
    assert entities["title"] == "Data Engineer & Analyst"
    assert (entities["location"], entities["locations"], entities["department"]) == (None, [], None)
    assert entities["employment_type"] == "full_time"
    # The posting without a url is counted, not stored.
    assert spider.crawler.stats.get_value("jobscraper/errors/posting_without_url") == 1


@pytest.mark.parametrize("body", ["<html>maintenance</html>", '{"data": [', '{"error": "not found"}', "[]"])
def test_unparsable_listing_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, _ = call(request, body)
    assert items == [] and len(spider.incomplete_reasons) == 1


def test_missing_configuration_names_the_attribute():
    class Broken(PinpointSpider):
        name = "broken"
        company = "Broken"

    with pytest.raises(SpiderConfigurationError, match="subdomain"):
        make_spider(Broken)
