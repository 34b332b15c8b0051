"""Lever platform base, through a throwaway subclass, on saved real-format responses."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from dbcheck import postings, sessions
from jobscraper.platforms.lever import LeverSpider
from jobscraper.spiders.mobileye import MobileyeSpider
from placecheck import cities_of, normalised, place_of
from spidertest import FIXTURES, SAMPLES, call, fingerprinted, load_json, make_spider, start_requests

PAGE1 = FIXTURES / "lever" / "mobileye-page1.json"
PAGE2 = FIXTURES / "lever" / "mobileye-page2.json"


class ExampleSpider(LeverSpider):
    name = "example_lever"
    company = "ExampleCo"
    site = "exampleco"


class SmallPagesSpider(ExampleSpider):
    name = "example_lever_eu"
    site = "mobileye"
    eu_instance = True
    page_size = 2


def test_first_page_asks_for_json_with_skip_and_limit():
    [request] = start_requests(make_spider(ExampleSpider))
    assert request.url == "https://api.lever.co/v0/postings/exampleco?mode=json&skip=0&limit=100"
    assert request.errback.__func__ is LeverSpider.listing_failed


def test_eu_instance_and_base_url():
    [request] = start_requests(make_spider(MobileyeSpider))
    assert request.url == "https://api.eu.lever.co/v0/postings/mobileye?mode=json&skip=0&limit=100"
    [request] = start_requests(make_spider(MobileyeSpider, base_url="http://127.0.0.1:8899"))
    assert request.url == "http://127.0.0.1:8899/v0/postings/mobileye?mode=json&skip=0&limit=100"


def test_sample_page_to_items():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, requests = call(request, load_json(SAMPLES / "lever-list.json"))
    assert requests == []  # three postings on a page of 100: the last page
    first, hebrew, remote = items
    assert fingerprinted(first, load_json(SAMPLES / "lever-list.json")) == {
        "company": "example_lever",
        "external_id": "0b3f6c1e-1111-4a2b-9c3d-000000000001",
        "title": "Algorithm Developer - Computer Vision",
        "url": "https://jobs.eu.lever.co/exampleco/0b3f6c1e-1111-4a2b-9c3d-000000000001",
        "apply_url": "https://jobs.eu.lever.co/exampleco/0b3f6c1e-1111-4a2b-9c3d-000000000001/apply",
        "location": "Jerusalem, Israel",
        "locations": ["Jerusalem, Israel", "Petah Tikva, Israel"],
        "places_raw": [{"country": "IL", "text": "Jerusalem, Israel"}],
        "country": "IL",
        "department": "R&D",
        "employment_type": "Full-time",
        "workplace_type": "hybrid",
        "description_html": (
            "<div>We are looking for an algorithm developer.</div><div><b>What you'll do</b></div>"
            "<div>Develop CV algorithms &amp; ship them to production.</div>"
            "<h3>Requirements</h3><ul><li>M.Sc. in CS/EE or equivalent</li><li>Strong C++ and Python</li></ul>"
            "<div>Equal opportunity employer.</div>"
        ),
        "posted_at_raw": 1767225600000,
        "extra_metadata": {"team": "Perception"},
    }
    assert (hebrew["title"], hebrew["location"], hebrew["locations"]) == (
        "סטודנט/ית לפיתוח תוכנה", "Tel Aviv, Israel", ["Tel Aviv, Israel"])
    # No department: the team stands in, and is not repeated in extra_metadata.
    assert (hebrew["department"], hebrew["extra_metadata"]) == ("Platform", None)
    assert hebrew["description_html"] == '<div dir="rtl">משרת סטודנט, 3 ימים בשבוע.</div>'
    assert (remote["country"], remote["workplace_type"]) == (None, "remote")
    assert remote["extra_metadata"] == {
        "team": "Data Platform",
        "salary_range": {"currency": "USD", "interval": "per-year-salary", "min": 150000, "max": 190000},
        "salary_description": "Base salary range for US candidates.",
    }


def test_full_page_asks_for_the_next_until_a_short_page():
    spider = make_spider(SmallPagesSpider)
    [first] = start_requests(spider)
    items, [second] = call(first, load_json(PAGE1))
    assert second.url == "https://api.eu.lever.co/v0/postings/mobileye?mode=json&skip=2&limit=2"
    assert second.errback.__func__ is LeverSpider.listing_failed
    assert [item["title"] for item in items] == ["Senior Embedded Software Engineer - EyeQ", "סטודנט/ית לאימות חומרה"]
    more, after = call(second, load_json(PAGE2))
    assert after == []
    assert [item["external_id"] for item in more] == ["4f2a9c1e-7b3d-4e8a-9f10-2c5d6e7f8a03"]
    assert spider.incomplete_reasons == []


def test_saved_pages_to_exact_items():
    spider = make_spider(SmallPagesSpider)
    [first] = start_requests(spider)
    (embedded, student), [second] = call(first, load_json(PAGE1))
    [field_engineer], _ = call(second, load_json(PAGE2))
    listed = load_json(PAGE1) + load_json(PAGE2)
    assert fingerprinted(embedded, listed) == {
        "company": "example_lever_eu",
        "external_id": "4f2a9c1e-7b3d-4e8a-9f10-2c5d6e7f8a01",
        "title": "Senior Embedded Software Engineer - EyeQ",
        "url": "https://jobs.eu.lever.co/mobileye/4f2a9c1e-7b3d-4e8a-9f10-2c5d6e7f8a01",
        "apply_url": "https://jobs.eu.lever.co/mobileye/4f2a9c1e-7b3d-4e8a-9f10-2c5d6e7f8a01/apply",
        "location": "Jerusalem",
        "locations": ["Jerusalem", "Petah Tikva"],
        "places_raw": [{"country": "IL", "text": "Jerusalem"}],
        "country": "IL",
        "department": "Engineering",
        "employment_type": "Full Time",
        "workplace_type": "on-site",
        "description_html": (
            "<div>Mobileye is looking for an embedded engineer.</div>"
            "<div><b>What will your job look like:</b></div>"
            "<div>Design R&amp;D tooling for the EyeQ&reg; SoC.</div>"
            "<h3>All you need is:</h3><ul><li>B.Sc. in Computer Science</li><li>5+ years of C &amp; C++</li></ul>"
            "<h3>Advantages &amp; nice to have</h3><ul><li>Experience with RTOS</li></ul>"
            "<div>Mobileye is an equal opportunity employer.</div>"
        ),
        "posted_at_raw": 1768555200000,
        "extra_metadata": {"team": "EyeQ SW"},
    }
    assert fingerprinted(student, listed) == {
        "company": "example_lever_eu",
        "external_id": "4f2a9c1e-7b3d-4e8a-9f10-2c5d6e7f8a02",
        "title": "סטודנט/ית לאימות חומרה",
        "url": "https://jobs.eu.lever.co/mobileye/4f2a9c1e-7b3d-4e8a-9f10-2c5d6e7f8a02",
        "apply_url": "https://jobs.eu.lever.co/mobileye/4f2a9c1e-7b3d-4e8a-9f10-2c5d6e7f8a02/apply",
        "location": "ירושלים",
        "locations": ["ירושלים"],
        "places_raw": [{"country": "IL", "text": "ירושלים"}],
        "country": "IL",
        "department": "Hardware Verification",
        "employment_type": "Student",
        "workplace_type": "unspecified",
        "description_html": '<div dir="rtl">משרת סטודנט/ית, 3 ימים בשבוע.</div><h3>דרישות</h3><ul><li>סטודנט/ית להנדסת חשמל</li></ul>',
        "posted_at_raw": 1767002400000,
        "extra_metadata": None,
    }
    # No ``lists`` and no ``additional`` keys at all; salary kept, plain text preferred.
    assert field_engineer["description_html"] == "<div>Support our OEM customers.</div>"
    assert (field_engineer["country"], field_engineer["department"]) == ("US", "Business Development")
    assert field_engineer["extra_metadata"] == {
        "salary_range": {"currency": "USD", "interval": "per-year-salary", "min": 120000, "max": 160000},
        "salary_description": "The base salary range for this role in Michigan.",
    }


def test_a_full_page_of_repeats_stops_paging_and_marks_the_crawl_incomplete():
    spider = make_spider(SmallPagesSpider)
    [first] = start_requests(spider)
    _, [second] = call(first, load_json(PAGE1))
    items, requests = call(second, load_json(PAGE1))  # the server ignored ``skip``
    assert (items, requests) == ([], [])
    assert len(spider.incomplete_reasons) == 1


def test_empty_board_is_a_complete_crawl():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    assert call(request, []) == ([], [])
    assert spider.incomplete_reasons == []


@pytest.mark.parametrize("body", ["<html>busy</html>", "[{\"id\": ", '{"ok": false, "error": "Document not found"}'])
def test_unparsable_page_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, requests = call(request, body)
    assert (items, requests) == ([], [])
    assert spider.crawler.stats.get_value("jobscraper/crawl/incomplete") == 1


def test_since_keeps_only_recent_postings_and_still_pages():
    spider = make_spider(SmallPagesSpider, since="7d")
    spider.since_cutoff = datetime(2026, 1, 10, tzinfo=timezone.utc)
    [first] = start_requests(spider)
    items, [second] = call(first, load_json(PAGE1))
    assert [item["external_id"] for item in items] == ["4f2a9c1e-7b3d-4e8a-9f10-2c5d6e7f8a01"]
    assert call(second, load_json(PAGE2)) == ([], [])


def test_mobileye_crawl_pages_through_the_board_into_the_database(sqlite_url, server, run_scrapy):
    template = load_json(PAGE1)[0]
    full_page = [template | {"id": f"00000000-0000-4000-8000-{n:012d}", "text": f"Engineer {n}"} for n in range(100)]
    server.add("/v0/postings/mobileye", full_page, query={"mode": "json", "skip": 0, "limit": 100})
    server.add("/v0/postings/mobileye", load_json(PAGE1)[1:] + load_json(PAGE2),
               query={"mode": "json", "skip": 100, "limit": 100})
    result = run_scrapy("crawl", "mobileye", "-a", f"base_url={server.base_url}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert [r.query["skip"] for r in server.requests_to("/v0/postings/mobileye")] == ["0", "100"]
    stored = postings(sqlite_url, "mobileye")
    # 100 + the Hebrew posting; the Detroit one is outside Israel.
    assert len(stored) == 101 and "4f2a9c1e-7b3d-4e8a-9f10-2c5d6e7f8a03" not in stored
    student = stored["4f2a9c1e-7b3d-4e8a-9f10-2c5d6e7f8a02"]
    assert (student["city"], student["country"], student["employment_type"]) == ("Jerusalem", "IL", "internship")
    assert sessions(sqlite_url, "mobileye")[-1]["status"] == "completed"


def test_places_the_postings_own_location_first_israel_preferred():
    class Everywhere(ExampleSpider):
        countries = None

    spider = make_spider(Everywhere)
    [request] = start_requests(spider)
    algiers, new_york, remote = call(request, load_json(FIXTURES / "places" / "lever-postings.json"))[0]
    assert place_of(spider, algiers) == ("Algiers", None, "DZ")  # not Casablanca, listed second
    assert cities_of(spider, algiers) == ["Algiers", "Casablanca"]
    # also open in Israel: stored with its Israeli place, keeping the others
    assert place_of(spider, new_york) == ("Tel Aviv", "Tel Aviv", "IL")
    assert cities_of(spider, new_york) == ["Tel Aviv", "New York", "Columbus"]
    assert normalised(spider, new_york)["workplace_type"] == "hybrid"
    assert place_of(spider, remote) == (None, "Georgia", "US")
    assert normalised(spider, remote)["workplace_type"] == "remote"
    salary = normalised(spider, algiers)
    assert (salary["salary_min"], salary["salary_max"], salary["salary_currency"], salary["salary_period"]) == \
        (150000, 190000, "USD", "year")
