"""SAP SuccessFactors base, through a throwaway subclass, on saved real-format feeds."""

from __future__ import annotations

import pytest

from jobscraper.platforms.base import SpiderConfigurationError
from jobscraper.platforms.successfactors import SuccessFactorsSpider
from spidertest import FIXTURES, call, make_spider, start_requests

FEED = (FIXTURES / "successfactors" / "googlefeed.xml").read_bytes()
XML = {"Content-Type": "application/xml"}


class ExampleSpider(SuccessFactorsSpider):
    name = "example_successfactors"
    company = "ExampleCorp"
    careers_host = "jobs.example.com"


def test_one_request_for_the_google_feed():
    [request] = start_requests(make_spider(ExampleSpider))
    assert request.url == "https://jobs.example.com/googlefeed.xml"
    [local] = start_requests(make_spider(ExampleSpider, base_url="http://127.0.0.1:8899"))
    assert local.url == "http://127.0.0.1:8899/googlefeed.xml"
    assert ExampleSpider.robots_txt == "obey"  # a feed on the career site


def test_sample_feed_to_items():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, requests = call(request, FEED, headers=XML)
    assert requests == []
    first, hebrew, walldorf, labelled, chicago = items
    assert dict(first) == {
        "company": "example_successfactors",
        "external_id": "1100000001",
        "title": "Developer Associate - Business Technology Platform",
        "url": "https://jobs.example.com/job/Raanana-Developer-Associate-Business-Technology-Platform/1100000001/",
        "location": "Ra'anana, IL, 4366504",
        "locations": ["Ra'anana, IL, 4366504"],
        "country": "IL",
        "department": "Software-Design and Development",
        "description_html": "<p>Join the Ra'anana development lab and build cloud services.</p>"
                            "<p><b>Location:</b> Ra'anana, IL</p>",
        "posted_at_raw": "Thu, 08 Jan 2026 08:00:00 GMT",
        "extra_metadata": {"employer": "ExampleCorp", "expiration_date": "2026-03-08"},
    }
    assert (hebrew["title"], hebrew["department"]) == ("סטודנט/ית לפיתוח תוכנה", None)  # ATS_WEBFORM dropped
    assert (walldorf["title"], walldorf["country"]) == ("Senior Consultant", "DE")
    # No g:location: the description's bold label names the place, and the title is left whole.
    assert (labelled["title"], labelled["location"], labelled["country"]) == ("Support Engineer", "Herzliya, IL", "IL")
    assert labelled["description_html"] == "<p>Help customers &amp; partners.</p><p><b>Location:</b> Herzliya, IL</p>"
    # Illinois is "IL, US": the country is the last code; no guid: the link is the id.
    assert (chicago["country"], chicago["external_id"]) == ("US", chicago["url"])
    assert spider.crawler.stats.get_value("jobscraper/errors/item_without_link") == 1


@pytest.mark.parametrize("body", ["<html><body>Sorry</body></html>", "<rss><channel><item>", '{"jobs": []}'])
def test_unreadable_feed_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    assert call(request, body, headers=XML) == ([], [])
    assert len(spider.incomplete_reasons) == 1


def test_missing_configuration_names_the_attribute():
    class Broken(SuccessFactorsSpider):
        name = "broken"
        company = "Broken"

    with pytest.raises(SpiderConfigurationError, match="careers_host"):
        make_spider(Broken)
