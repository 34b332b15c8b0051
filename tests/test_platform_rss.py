"""RSS/Atom feed platform, through throwaway subclasses, on saved real-format feeds."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from jobscraper.platforms.rss import TALENTBREW_ID, TALENTBREW_TITLE, RssFeedSpider
from placecheck import normalised, place_of
from spidertest import FIXTURES, call, make_spider, start_requests

FEEDS = FIXTURES / "rss"
XML = {"Content-Type": "application/rss+xml; charset=utf-8"}


class TalentBrewSpider(RssFeedSpider):
    name = "example_talentbrew"
    company = "ExampleCo"
    feed_url = "https://jobs.example.com/en/rss"
    id_pattern = TALENTBREW_ID
    title_pattern = TALENTBREW_TITLE


class AtomSpider(RssFeedSpider):
    name = "example_atom"
    company = "ExampleCo"
    feed_url = "https://careers.example.com/jobs.atom?lang=en"


def feed_items(spider_cls, feed: str, **kwargs):
    spider = make_spider(spider_cls, **kwargs)
    [request] = start_requests(spider)
    items, requests = call(request, (FEEDS / feed).read_bytes(), headers=XML)
    assert requests == []
    return spider, items


def test_one_request_for_the_feed_through_base_url():
    [request] = start_requests(make_spider(AtomSpider))
    assert request.url == "https://careers.example.com/jobs.atom?lang=en"
    spider = make_spider(AtomSpider, base_url="http://127.0.0.1:8899")
    [moved] = start_requests(spider)
    assert moved.url == "http://127.0.0.1:8899/jobs.atom?lang=en"
    assert moved.errback == spider.listing_failed


def test_talentbrew_feed_to_items():
    _, items = feed_items(TalentBrewSpider, "talentbrew.xml")
    first, hebrew, bare, abroad = items
    fingerprints = {item.pop("listing_fingerprint") for item in items}
    assert len(fingerprints) == 4 and all(len(fp) == 32 for fp in fingerprints)
    assert dict(first) == {
        "company": "example_talentbrew",
        "external_id": "86090263200",
        "title": "Senior Software Engineer (Cortex XSIAM)",
        "url": "https://jobs.paloaltonetworks.com/en/job/tel-aviv/senior-software-engineer-cortex-xsiam/47263/86090263200",
        "location": "Tel Aviv, Tel Aviv, Israel",
        "locations": ["Tel Aviv, Tel Aviv, Israel"],
        "employment_type": None,
        "department": "Engineering",
        # Entity-escaped HTML in <description> comes out as HTML, one level unescaped.
        "description_html": "<p><b>Our Mission</b></p><p>At Palo Alto Networks&reg; everything starts &amp; ends with our mission.</p>",
        "posted_at_raw": "Tue, 06 Jan 2026 08:00:00 GMT",
        "source_updated_at_raw": None,
    }
    assert (hebrew["external_id"], hebrew["title"], hebrew["location"]) == (
        "91234567808", "מהנדס/ת DevOps בכיר/ה", "Petah Tikva, Central District, Israel")
    assert hebrew["description_html"] == '<p dir="rtl">אנחנו מחפשים מהנדס/ת <strong>DevOps</strong> לצוות Prisma Cloud.</p>'
    # No location in the title, no description, category or date: the optional fields stay empty.
    assert dict(bare) | {"url": None} == {
        "company": "example_talentbrew", "external_id": "92000000016", "title": "Principal Product Manager",
        "url": None, "location": None, "locations": [], "employment_type": None, "department": None,
        "description_html": None,
        "posted_at_raw": None, "source_updated_at_raw": None,
    }
    # Postings abroad are yielded; the location pipeline filters them.
    assert (abroad["location"], abroad["department"]) == ("Santa Clara, California", "Sales")


def test_talentbrew_id_comes_from_the_link_when_the_guid_is_not_numeric():
    spider = make_spider(TalentBrewSpider)
    link = "https://jobs.example.com/en/job/tel-aviv/engineer/47263/98323656112?jvs=RSS"
    assert spider.external_id("a1b2-c3d4", link) == "98323656112"
    assert spider.external_id(None, "https://jobs.example.com/en/job/x/y/47263/98323656112/") == "98323656112"
    assert spider.external_id("98323656112", None) == "98323656112"


def test_atom_feed_to_items():
    _, items = feed_items(AtomSpider, "atom.xml")
    data, hebrew, support = items
    fingerprints = {item.pop("listing_fingerprint") for item in items}
    assert len(fingerprints) == 3 and all(len(fp) == 32 for fp in fingerprints)
    assert dict(data) == {
        "company": "example_atom",
        "external_id": "https://careers.example.com/jobs/4401",
        "title": "Backend Engineer <Data>",
        "url": "https://careers.example.com/jobs/4401",
        "location": "Tel Aviv, Israel",
        "locations": ["Tel Aviv, Israel", "Haifa, Israel"],
        "employment_type": None,
        "department": "R&D, data",
        "description_html": "<h2>About</h2><p>Pipelines &amp; storage.</p>",
        "posted_at_raw": "2026-01-05T09:00:00+02:00",
        "source_updated_at_raw": "2026-01-12T09:30:00+02:00",
    }
    assert (hebrew["external_id"], hebrew["title"], hebrew["url"]) == (
        "urn:example:job:4402", "מנהל/ת מוצר", "https://careers.example.com/jobs/4402")
    assert hebrew["description_html"] == '<p dir="rtl">ניהול <b>מוצר</b> בתל אביב</p>'
    assert (hebrew["posted_at_raw"], hebrew["location"]) == (None, None)
    assert support["description_html"] == "<p>Help customers &lt;24/7&gt;.</p>"


def test_rss_without_a_title_pattern_keeps_the_title_whole_and_the_guid_as_id():
    class Plain(RssFeedSpider):
        name = "plain_rss"
        company = "Plain"
        feed_url = "https://jobs.example.com/en/rss"

    _, items = feed_items(Plain, "talentbrew.xml")
    assert items[0]["title"] == "Senior Software Engineer (Cortex XSIAM) - (Tel Aviv, Tel Aviv, Israel)"
    assert items[0]["external_id"] == "86090263200-Tel Aviv,Tel Aviv,Israel-Engineering"
    assert items[0]["location"] is None


@pytest.mark.parametrize("feed", [
    "truncated.xml",
    "<html><body><h1>503 Service Unavailable</h1></body>",
    '<?xml version="1.0"?><error><message>rate limited</message></error>',
    "",
])
def test_malformed_or_foreign_feed_marks_the_crawl_incomplete(feed):
    spider = make_spider(TalentBrewSpider)
    [request] = start_requests(spider)
    body = (FEEDS / feed).read_bytes() if feed.endswith(".xml") else feed
    items, _ = call(request, body, headers=XML)
    assert items == []
    assert spider.crawler.stats.get_value("jobscraper/crawl/incomplete") == 1
    assert len(spider.incomplete_reasons) == 1


def test_empty_feed_is_a_complete_empty_listing():
    spider = make_spider(TalentBrewSpider)
    [request] = start_requests(spider)
    empty = '<?xml version="1.0"?><rss version="2.0"><channel><title>Jobs</title></channel></rss>'
    assert call(request, empty, headers=XML) == ([], [])
    assert spider.incomplete_reasons == []


def test_since_keeps_recent_and_undated_postings():
    spider = make_spider(TalentBrewSpider, since="24h")
    spider.since_cutoff = datetime(2026, 1, 8, tzinfo=timezone.utc)
    [request] = start_requests(spider)
    items, _ = call(request, (FEEDS / "talentbrew.xml").read_bytes(), headers=XML)
    assert [item["external_id"] for item in items] == ["91234567808", "92000000016"]


def test_since_reads_atom_updated_times():
    spider = make_spider(AtomSpider, since="7d")
    spider.since_cutoff = datetime(2026, 1, 9, tzinfo=timezone.utc)
    [request] = start_requests(spider)
    items, _ = call(request, (FEEDS / "atom.xml").read_bytes(), headers=XML)
    assert [item["external_id"] for item in items] == ["https://careers.example.com/jobs/4401", "urn:example:job:4402"]



def test_feed_regions_are_regions_and_type_is_the_employment_type():
    class RemoteBoard(RssFeedSpider):
        name = "example_remote_board"
        company = "ExampleCo"
        feed_url = "https://remote.example.com/feed.rss"
        countries = None

    spider = make_spider(RemoteBoard)
    [request] = start_requests(spider)
    usa, anywhere, europe = call(request, (FIXTURES / "places" / "remote-board.rss").read_bytes(), headers=XML)[0]
    assert place_of(spider, usa) == (None, None, "US")
    assert place_of(spider, anywhere) == (None, "Worldwide", None)
    assert place_of(spider, europe) == (None, "Europe", None)
    assert [normalised(spider, item)["employment_type"] for item in (usa, anywhere, europe)] == \
        ["full_time", "contract", "part_time"]
    # "Anywhere in the World" is a remote place; the first posting's perks ("a work from anywhere
    # week", "remote-friendly Fridays") say nothing of its work mode
    assert [normalised(spider, item)["workplace_type"] for item in (usa, anywhere, europe)] == \
        ["unknown", "remote", "unknown"]
