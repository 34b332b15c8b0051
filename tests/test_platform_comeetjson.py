"""Comeet positions served from a company's own JSON file, through throwaway subclasses."""

from __future__ import annotations

import pytest

from jobscraper.platforms.base import SpiderConfigurationError
from jobscraper.platforms.comeetjson import ComeetJsonSpider
from spidertest import FIXTURES, call, fingerprinted, load_json, make_spider, start_requests

SAVED = FIXTURES / "comeet_json"


class ExampleSpider(ComeetJsonSpider):
    name = "example_comeet_json"
    company = "ExampleHealth"
    positions_url = "https://www.example.com/careers.json"


class OwnJobPages(ExampleSpider):
    job_url_template = "https://www.example.com/open-positions/{uid}"


def test_one_request_to_the_file_on_the_company_site():
    [request] = start_requests(make_spider(ExampleSpider))
    assert request.url == "https://www.example.com/careers.json"
    [local] = start_requests(make_spider(ExampleSpider, base_url="http://127.0.0.1:8899"))
    assert local.url == "http://127.0.0.1:8899/careers.json"
    assert ExampleSpider.robots_txt == "obey"


def test_bare_list_of_positions_to_items():
    [request] = start_requests(make_spider(ExampleSpider))
    items, requests = call(request, load_json(SAVED / "careers.json"))
    assert requests == []
    first, hebrew = items
    first = fingerprinted(first, load_json(SAVED / "careers.json"), "uid")
    assert first.pop("places_raw")[0]["country"] == "IL"
    assert first == {
        "company": "example_comeet_json",
        "external_id": "B2.C01",
        "title": "Senior Data Scientist",
        "url": "https://www.example.com/careers/co/tel-aviv/B2.C01/senior-data-scientist/all",
        "apply_url": "https://www.comeet.com/jobs/examplehealth/AB.0CD/senior-data-scientist/B2.C01",
        "location": "Tel Aviv",
        "locations": ["Tel Aviv", "Tel Aviv-Yafo"],
        "country": "IL",
        "department": "Data",
        "employment_type": "Full-time",
        "workplace_type": "Hybrid",
        "remote": False,
        "description_html": "<h2>Description</h2>\n<p>Model metabolic data from breath measurements.</p>\n"
                            "<h2>Requirements</h2>\n<ul><li>M.Sc. or Ph.D.</li><li>Python</li></ul>",
        "source_updated_at_raw": "2026-01-08T10:00:00Z",
        "extra_metadata": {"experience_level": "Senior"},
    }
    assert hebrew["title"] == "מהנדס/ת QA אוטומציה"


def test_wrapped_positions_keep_only_the_spiders_countries():
    [request] = start_requests(make_spider(ExampleSpider))
    items, _ = call(request, load_json(SAVED / "careers-wrapped.json"))
    assert [item["external_id"] for item in items] == ["B2.C01"]  # New York is left out


def test_grouped_positions_with_the_companys_own_job_pages():
    [request] = start_requests(make_spider(OwnJobPages))
    items, _ = call(request, load_json(SAVED / "positions-grouped.json"))
    assert [(item["external_id"], item["url"]) for item in items] == [
        ("B2.C01", "https://www.example.com/open-positions/B2.C01"),
        ("B2.C02", "https://www.example.com/open-positions/B2.C02"),
    ]


@pytest.mark.parametrize("body", ["<html>not found</html>", '{"jobs": []}', '"careers"'])
def test_unreadable_file_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    assert call(request, body) == ([], [])
    assert len(spider.incomplete_reasons) == 1


def test_missing_configuration_names_the_attribute():
    class Broken(ComeetJsonSpider):
        name = "broken"
        company = "Broken"

    with pytest.raises(SpiderConfigurationError, match="positions_url"):
        make_spider(Broken)
