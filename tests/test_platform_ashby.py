"""Ashby platform base, through a throwaway subclass, on saved real-format responses."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from jobscraper.platforms.ashby import AshbySpider
from jobscraper.spiders.lemonade import LemonadeSpider
from placecheck import cities_of, normalised, place_of
from spidertest import FIXTURES, SAMPLES, call, fingerprinted, load_json, make_spider, start_requests

BOARD = FIXTURES / "ashby" / "lemonade-board.json"


class ExampleSpider(AshbySpider):
    name = "example_ashby"
    company = "ExampleCo"
    job_board_name = "exampleco"


def test_one_request_for_the_whole_board_with_compensation():
    [request] = start_requests(make_spider(ExampleSpider))
    assert request.url == "https://api.ashbyhq.com/posting-api/job-board/exampleco?includeCompensation=true"
    assert request.errback.__func__ is AshbySpider.listing_failed


def test_sample_board_to_items():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, requests = call(request, load_json(SAMPLES / "ashby-list.json"))
    assert requests == []
    # The fourth posting has isListed: false.
    first, hebrew, remote = items
    assert fingerprinted(first, load_json(SAMPLES / "ashby-list.json")["jobs"]) == {
        "company": "example_ashby",
        "external_id": "2f1c9a7e-0000-4000-8000-000000000001",
        "title": "Senior Software Engineer, Claims Platform",
        "url": "https://jobs.ashbyhq.com/exampleco/2f1c9a7e-0000-4000-8000-000000000001",
        "apply_url": "https://jobs.ashbyhq.com/exampleco/2f1c9a7e-0000-4000-8000-000000000001/application",
        "location": "Tel Aviv, Israel",
        "locations": ["Tel Aviv, Israel", "Amsterdam, Netherlands"],
        "places_raw": [
            {"city": "Tel Aviv", "country": "Israel", "region": "Tel Aviv District", "text": "Tel Aviv, Israel"},
            {"city": "Amsterdam", "country": "Netherlands", "region": None, "text": "Amsterdam, Netherlands"},
        ],
        "country": "IL",
        "department": "R&D",
        "employment_type": "FullTime",
        "workplace_type": "Hybrid",
        "remote": False,
        "description_html": (
            "<h2>About the team</h2><p>We build the claims engine &amp; its APIs.</p>"
            "<ul><li>TypeScript / Node.js</li><li>PostgreSQL</li></ul>"
        ),
        "description_text": "ABOUT THE TEAM\n\nWe build the claims engine & its APIs.\n\n - TypeScript / Node.js\n - PostgreSQL\n",
        "posted_at_raw": "2026-01-08T10:21:44.512+00:00",
        "source_updated_at_raw": None,
        "extra_metadata": {"team": "Claims"},
    }
    assert (hebrew["title"], hebrew["location"], hebrew["locations"]) == ("מהנדס/ת נתונים", "תל אביב", ["תל אביב"])
    assert (hebrew["country"], hebrew["remote"], hebrew["workplace_type"]) == ("IL", None, "OnSite")
    assert hebrew["extra_metadata"] is None  # team == department
    assert (remote["country"], remote["remote"], remote["workplace_type"]) == ("US", True, "Remote")
    assert remote["extra_metadata"] == {
        "team": "Growth",
        "compensation": "$180K – $220K • Offers Equity",
        "salary": "$180K - $220K",
        "compensation_tiers": [{"title": "US", "summary": "$180K – $220K • Offers Equity"}],
        "compensation_components": [
            {"compensationType": "Salary", "interval": "1 YEAR", "currencyCode": "USD",
             "minValue": 180000, "maxValue": 220000},
        ],
    }


def test_saved_board_to_exact_items():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, _ = call(request, load_json(BOARD))
    backend, hebrew, manager = items
    assert fingerprinted(backend, load_json(BOARD)["jobs"]) == {
        "company": "example_ashby",
        "external_id": "8c0e5b3a-1d2f-4a6b-9c7d-3e4f5a6b7c01",
        "title": "Senior Backend Engineer, Car Insurance",
        "url": "https://jobs.ashbyhq.com/lemonade/8c0e5b3a-1d2f-4a6b-9c7d-3e4f5a6b7c01",
        "apply_url": "https://jobs.ashbyhq.com/lemonade/8c0e5b3a-1d2f-4a6b-9c7d-3e4f5a6b7c01/application",
        "location": "Tel Aviv",
        "locations": ["Tel Aviv", "Amsterdam"],
        "places_raw": [
            {"city": "Tel Aviv", "country": "Israel", "region": "Tel Aviv District", "text": "Tel Aviv"},
            {"city": "Amsterdam", "country": "Netherlands", "region": "North Holland", "text": "Amsterdam"},
        ],
        "country": "IL",
        "department": "R&D",
        "employment_type": "FullTime",
        "workplace_type": "Hybrid",
        "remote": False,
        "description_html": (
            "<p><strong>Lemonade</strong> is building insurance &amp; its APIs.</p>"
            "<ul><li>Node.js</li><li>MySQL</li></ul>"
        ),
        "description_text": "Lemonade is building insurance & its APIs.\n\n - Node.js\n - MySQL\n",
        "posted_at_raw": "2026-01-14T08:30:12.418+00:00",
        "source_updated_at_raw": "2026-01-20T11:02:45.001+00:00",
        # Compensation is in the payload but not for display: left out.
        "extra_metadata": {"team": "Car"},
    }
    # No workplaceType, no secondaryLocations, no address, no compensation keys at all.
    assert fingerprinted(hebrew, load_json(BOARD)["jobs"]) == {
        "company": "example_ashby",
        "external_id": "8c0e5b3a-1d2f-4a6b-9c7d-3e4f5a6b7c02",
        "title": "מפתח/ת Full Stack",
        "url": "https://jobs.ashbyhq.com/lemonade/8c0e5b3a-1d2f-4a6b-9c7d-3e4f5a6b7c02",
        "apply_url": "https://jobs.ashbyhq.com/lemonade/8c0e5b3a-1d2f-4a6b-9c7d-3e4f5a6b7c02/application",
        "location": "תל אביב",
        "locations": ["תל אביב"],
        "places_raw": [{"city": None, "country": None, "region": None, "text": "תל אביב"}],
        "country": None,
        "department": "R&D",
        "employment_type": "FullTime",
        "workplace_type": None,
        "remote": None,
        "description_html": '<div dir="rtl"><p>דרוש/ה מפתח/ת לצוות הליבה.</p></div>',
        "description_text": "דרוש/ה מפתח/ת לצוות הליבה.",
        "posted_at_raw": "2026-01-10T07:00:00.000+00:00",
        "source_updated_at_raw": None,
        "extra_metadata": None,
    }
    # Primary location in New York; the secondary Tel Aviv address (no postalAddress level)
    # is in the spider's countries, so it gives the country.
    assert manager["locations"] == ["New York City", "Tel Aviv"]
    assert (manager["country"], manager["remote"], manager["workplace_type"]) == ("IL", True, "Remote")
    assert manager["extra_metadata"] == {
        "team": "Claims",
        "compensation": "$170K – $210K • Offers Equity",
        "salary": "$170K - $210K",
        "compensation_tiers": [{"title": "New York", "summary": "$170K – $210K • Offers Equity"}],
        "compensation_components": [
            {"compensationType": "Salary", "interval": "1 YEAR", "currencyCode": "USD",
             "minValue": 170000, "maxValue": 210000},
        ],
    }


def test_without_a_country_filter_the_primary_address_gives_the_country():
    class Everywhere(ExampleSpider):
        countries = None

    [request] = start_requests(make_spider(Everywhere))
    items, _ = call(request, load_json(BOARD))
    assert [item["country"] for item in items] == ["IL", None, "US"]


@pytest.mark.parametrize("body", ["<html>busy</html>", '{"apiVersion": "1", "jobs": [', '{"apiVersion": "1"}', "[]"])
def test_unparsable_board_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, _ = call(request, body)
    assert items == []
    assert spider.crawler.stats.get_value("jobscraper/crawl/incomplete") == 1
    assert len(spider.incomplete_reasons) == 1


def test_since_keeps_postings_published_or_updated_in_the_window():
    spider = make_spider(ExampleSpider, since="7d")
    spider.since_cutoff = datetime(2026, 1, 15, tzinfo=timezone.utc)
    [request] = start_requests(spider)
    items, _ = call(request, load_json(BOARD))
    # Published on 14 January, updated on 20 January.
    assert [item["external_id"] for item in items] == ["8c0e5b3a-1d2f-4a6b-9c7d-3e4f5a6b7c01"]



def test_places_from_postal_addresses_and_work_mode_from_the_structured_field():
    class Everywhere(ExampleSpider):
        countries = None

    spider = make_spider(Everywhere)
    [request] = start_requests(spider)
    new_york, shanghai, anywhere = call(request, load_json(FIXTURES / "places" / "ashby-board.json"))[0]
    assert place_of(spider, new_york) == ("Tel Aviv", "Tel Aviv", "IL")  # a secondary location in Israel
    assert cities_of(spider, new_york) == ["Tel Aviv", "New York"]
    assert normalised(spider, new_york)["places"][1] == {"city": "New York", "region": "New York", "country": "US",
                                                         "remote": False}
    # isRemote true on a posting with an office and workplaceType Hybrid is hybrid
    assert normalised(spider, new_york)["workplace_type"] == "hybrid"
    assert place_of(spider, shanghai) == ("Shanghai", None, "CN")
    assert place_of(spider, anywhere) == (None, "Worldwide", None)
    assert normalised(spider, anywhere)["workplace_type"] == "remote"
