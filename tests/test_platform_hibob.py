"""HiBob platform base, through a throwaway subclass, on saved real-format responses."""

from __future__ import annotations

import pytest

from jobscraper.normalise.dates import parse_datetime
from jobscraper.platforms.base import SpiderConfigurationError
from jobscraper.platforms.hibob import HiBobSpider
from spidertest import FIXTURES, call, load_json, make_spider, start_requests

SAVED = FIXTURES / "hibob"


class ExampleSpider(HiBobSpider):
    name = "example_hibob"
    company = "ExampleCo"
    tenant = "exampleco"


def test_one_request_with_the_careers_site_as_referrer():
    [request] = start_requests(make_spider(ExampleSpider))
    assert request.url == "https://exampleco.careers.hibob.com/api/job-ad"
    # Without the referrer the API answers 401.
    assert request.headers[b"Referer"] == b"https://exampleco.careers.hibob.com/"
    assert request.headers[b"Accept"] == b"application/json"
    [local] = start_requests(make_spider(ExampleSpider, base_url="http://127.0.0.1:8899"))
    assert local.url == "http://127.0.0.1:8899/api/job-ad"


def test_sample_job_ads_to_items():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, requests = call(request, load_json(SAVED / "job-ad.json"))
    assert requests == []
    first, hebrew, american, sparse = items
    assert dict(first) == {
        "company": "example_hibob",
        "external_id": "5f0c1d2e-0000-4000-8000-000000000001",
        "title": "Computer Vision Engineer",
        "url": "https://exampleco.careers.hibob.com/jobs/5f0c1d2e-0000-4000-8000-000000000001",
        "location": "Israel",
        "locations": ["Israel"],
        "department": "R&D",
        "employment_type": "Permanent",
        "workplace_type": "Hybrid",
        "description_html": "<p>Build face-recognition pipelines that run at the edge.</p>\n"
                            "<h2>Responsibilities</h2>\n<ul><li>Train and optimise models</li></ul>\n"
                            "<h2>Requirements</h2>\n<ul><li>PyTorch</li><li>C++</li></ul>\n"
                            "<h2>Benefits</h2>\n<p>Hybrid work</p>",
        "posted_at_raw": "2026-01-08T08:53:08.443293Z",
        "extra_metadata": {"language": "en", "employment_category": "Employee"},
    }
    assert parse_datetime(first["posted_at_raw"]).isoformat() == "2026-01-08T08:53:08.443293+00:00"
    assert (hebrew["title"], hebrew["workplace_type"]) == ("מנהל/ת מוצר", "On-site")
    assert hebrew["description_html"] == (
        "<p>ניהול מוצר לפלטפורמת הווידאו.</p>\n<h2>Requirements</h2>\n<ul><li>3+ שנות ניסיון בניהול מוצר</li></ul>")
    assert american["extra_metadata"]["compensation"] == {
        "minimum": 120000, "maximum": 150000, "currency": "USD", "period": "annually"}
    assert (sparse["location"], sparse["locations"], sparse["posted_at_raw"]) == ("Tel Aviv", ["Tel Aviv", "Israel"], None)
    assert sparse["description_html"] == "<p>Tracking &amp; re-identification.</p>"


@pytest.mark.parametrize("body", ["<html>Unauthorized</html>", '{"jobAdDetails": ', '{"message": "no"}'])
def test_unparsable_listing_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, _ = call(request, body)
    assert items == [] and len(spider.incomplete_reasons) == 1


def test_missing_configuration_names_the_attribute():
    class Broken(HiBobSpider):
        name = "broken"
        company = "Broken"

    with pytest.raises(SpiderConfigurationError, match="tenant"):
        make_spider(Broken)


def test_since_keeps_only_recent_job_ads():
    from datetime import datetime, timezone

    spider = make_spider(ExampleSpider, since="24h")
    spider.since_cutoff = datetime(2026, 1, 6, tzinfo=timezone.utc)
    [request] = start_requests(spider)
    items, _ = call(request, load_json(SAVED / "job-ad.json"))
    # Published on 8 January, and the ad without a date (kept: unknown).
    assert [item["title"] for item in items] == ["Computer Vision Engineer", "Algorithm Developer"]
