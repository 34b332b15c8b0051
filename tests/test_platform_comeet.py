"""Comeet platform base, through throwaway subclasses, on saved real-format responses: the
careers API (with a token) and the hosted careers page (without one)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from jobscraper.platforms.base import SpiderConfigurationError
from jobscraper.platforms.comeet import ComeetSpider, embedded_positions
from dbcheck import postings
from placecheck import cities_of, place_of
from spidertest import FIXTURES, SAMPLES, call, fingerprinted, load_json, make_spider, start_requests

HTML = {"Content-Type": "text/html; charset=utf-8"}
HOSTED_PAGE = (FIXTURES / "comeet" / "hosted-page.html").read_text("utf-8")


class ApiSpider(ComeetSpider):
    name = "example_comeet_api"
    company = "ExampleCo"
    company_uid = "AA.0FF"
    token = "0123456789ABCDEF0123456789ABCDEF"


class HostedSpider(ComeetSpider):
    name = "example_comeet"
    company = "ExampleCo"
    company_uid = "AA.0FF"
    hosted_slug = "exampleco"


def test_with_a_token_one_api_request_with_details():
    spider = make_spider(ApiSpider)
    [request] = start_requests(spider)
    assert request.url == ("https://www.comeet.co/careers-api/2.0/company/AA.0FF/positions"
                           "?token=0123456789ABCDEF0123456789ABCDEF&details=true")
    assert request.errback == spider.listing_failed


def test_without_a_token_one_request_for_the_hosted_page():
    spider = make_spider(HostedSpider)
    [request] = start_requests(spider)
    assert request.url == "https://www.comeet.com/jobs/exampleco/AA.0FF"
    assert request.errback == spider.listing_failed


def test_base_url_replaces_scheme_and_host_only():
    [api] = start_requests(make_spider(ApiSpider, base_url="http://127.0.0.1:8899"))
    [page] = start_requests(make_spider(HostedSpider, base_url="http://127.0.0.1:8899"))
    assert api.url.startswith("http://127.0.0.1:8899/careers-api/2.0/company/AA.0FF/positions?token=")
    assert page.url == "http://127.0.0.1:8899/jobs/exampleco/AA.0FF"


def test_sample_api_positions_to_items():
    [request] = start_requests(make_spider(ApiSpider))
    items, requests = call(request, load_json(SAMPLES / "comeet-list.json"))
    assert requests == []
    first, hebrew = items  # the Kyiv position is left out
    positions = load_json(SAMPLES / "comeet-list.json")
    assert fingerprinted(first, positions, "uid") == {
        "company": "example_comeet_api",
        "external_id": "C4.D56",
        "title": "Senior Backend Engineer",
        "url": "https://www.example.com/careers/co/tel-aviv/C4.D56/senior-backend-engineer/all",
        "apply_url": "https://www.comeet.com/jobs/exampleco/AA.0FF/senior-backend-engineer/C4.D56",
        "location": "Tel Aviv",
        "locations": ["Tel Aviv", "Tel Aviv-Yafo"],
        "places_raw": [
            {"city": "Tel Aviv-Yafo", "country": "IL", "region": None, "remote": False, "text": "Tel Aviv"},
        ],
        "country": "IL",
        "department": "R&D",
        "employment_type": "Full-time",
        "workplace_type": "Hybrid",
        "remote": False,
        "description_html": (
            "<h2>Description</h2>\n<p>We are looking for a Senior Backend Engineer to join our Platform group.</p>\n"
            "<h2>Requirements</h2>\n<ul><li>5+ years of backend development (Node.js / Go)</li>"
            "<li>Experience with AWS &amp; Kubernetes</li></ul>"
        ),
        "source_updated_at_raw": "2026-01-10T08:12:33Z",
        "extra_metadata": {"internal_use_custom_id": "RND-117", "experience_level": "Senior",
                           "categories": {"Group": "Platform"}},
    }
    assert fingerprinted(hebrew, positions, "uid") == {
        "company": "example_comeet_api",
        "external_id": "C4.D57",
        "title": "מפתח/ת Full Stack",
        "url": "https://www.comeet.com/jobs/exampleco/AA.0FF/full-stack/C4.D57",
        "apply_url": None,
        "location": "רמת גן",
        "locations": ["רמת גן", "Ramat Gan"],
        "places_raw": [{"city": "Ramat Gan", "country": "IL", "region": None, "remote": False, "text": "רמת גן"}],
        "country": "IL",
        "department": "פיתוח",
        "employment_type": "Full-time",
        "workplace_type": "On-site",
        "remote": False,
        "description_html": "<h2>Description</h2>\n<div dir=\"rtl\"><p>אנחנו מגייסים מפתח/ת Full Stack לצוות המוצר.</p></div>",
        "source_updated_at_raw": "2026-01-14T15:40:02Z",
        "extra_metadata": {"experience_level": "Intermediate"},
    }


def test_hosted_page_positions_to_items():
    [request] = start_requests(make_spider(HostedSpider))
    items, requests = call(request, HOSTED_PAGE, headers=HTML)
    assert requests == []
    first, hebrew = items  # the Kyiv position is left out
    positions = embedded_positions(HOSTED_PAGE)
    assert fingerprinted(first, positions, "uid") == {
        "company": "example_comeet",
        "external_id": "C4.E11",
        # "];" inside a title does not end the embedded list
        "title": "Senior Backend Engineer [Platform]; Payments",
        "url": "https://www.example.com/careers/position/?comeet_pos=C4.E11",
        "apply_url": "https://www.comeet.com/jobs/exampleco/AA.0FF/senior-backend-engineer-platform-payments/C4.E11",
        "location": "Tel Aviv",
        "locations": ["Tel Aviv", "Tel Aviv-Yafo"],
        "places_raw": [
            {"city": "Tel Aviv-Yafo", "country": "IL", "region": "Tel Aviv District", "remote": False, "text": "Tel Aviv"},
        ],
        "country": "IL",
        "department": "R&D",
        "employment_type": "Full-time",
        "workplace_type": "Hybrid",
        "remote": False,
        # the hosted page keeps its sections under custom_fields.details; they are put in order
        "description_html": (
            "<h2>Description</h2>\n<p>Join the Payments platform group.</p>\n"
            "<h2>Requirements</h2>\n<ul><li>5+ years with Go or Node.js</li><li>AWS &amp; Kubernetes</li></ul>"
        ),
        "source_updated_at_raw": "2026-11-24T09:30:12Z",
        "extra_metadata": {"internal_use_custom_id": "RND-231", "experience_level": "Senior",
                           "categories": {"Group": "Platform"}},
    }
    assert fingerprinted(hebrew, positions, "uid") == {
        "company": "example_comeet",
        "external_id": "C4.E12",
        "title": "מפתח/ת Full Stack",
        "url": "https://www.comeet.com/jobs/exampleco/AA.0FF/position/C4.E12",
        "apply_url": None,
        "location": "רמת גן",
        "locations": ["רמת גן", "Ramat Gan"],
        "places_raw": [{"city": "Ramat Gan", "country": "IL", "region": None, "remote": False, "text": "רמת גן"}],
        "country": "IL",
        "department": None,
        "employment_type": None,
        "workplace_type": "On-site",
        "remote": False,
        "description_html": "<h2>Description</h2>\n<div dir=\"rtl\"><p>אנחנו מגייסים מפתח/ת Full Stack לצוות המוצר.</p></div>",
        "source_updated_at_raw": "2026-11-05T15:40:02Z",
        "extra_metadata": None,
    }


def test_every_country_is_kept_when_the_spider_asks_for_all():
    class Everywhere(HostedSpider):
        countries = None

    [request] = start_requests(make_spider(Everywhere))
    items, _ = call(request, HOSTED_PAGE, headers=HTML)
    assert [(item["external_id"], item["country"]) for item in items] == [
        ("C4.E11", "IL"), ("C4.E12", "IL"), ("C4.E13", "UA")]


def test_embedded_list_with_javascript_undefined_and_window_assignment():
    page = ('<script>window.COMPANY_POSITIONS_DATA = [{"uid": "AB.001", "name": "Engineer", '
            '"location": {"name": "Haifa", "country": "IL"}, "department": undefined, '
            '"url_comeet_hosted_page": "https://www.comeet.com/jobs/x/AA.0FF/engineer/AB.001"}];</script>')
    [request] = start_requests(make_spider(HostedSpider))
    [item], _ = call(request, page, headers=HTML)
    assert (item["external_id"], item["department"], item["location"]) == ("AB.001", None, "Haifa")


def test_hosted_page_without_positions_data_marks_the_crawl_incomplete():
    spider = make_spider(HostedSpider)
    [request] = start_requests(spider)
    items, _ = call(request, "<html><body><h1>Just a moment...</h1></body></html>", headers=HTML)
    assert items == []
    assert spider.crawler.stats.get_value("jobscraper/crawl/incomplete") == 1


def test_hosted_page_with_no_open_positions_is_a_complete_empty_board():
    spider = make_spider(HostedSpider)
    [request] = start_requests(spider)
    items, _ = call(request, "<script>var COMPANY_POSITIONS_DATA = []; var POSITION_DATA = null;</script>",
                    headers=HTML)
    assert items == [] and spider.incomplete_reasons == []


@pytest.mark.parametrize("body", ['{"status": 400, "message": "Token is missing"}', "<html>busy</html>", "[{"])
def test_unusable_api_answer_marks_the_crawl_incomplete(body):
    spider = make_spider(ApiSpider)
    [request] = start_requests(spider)
    items, _ = call(request, body)
    assert items == []
    assert spider.crawler.stats.get_value("jobscraper/crawl/incomplete") == 1


def test_since_keeps_only_recently_updated_positions():
    spider = make_spider(HostedSpider, since="7d")
    spider.since_cutoff = datetime(2026, 11, 20, tzinfo=timezone.utc)
    [request] = start_requests(spider)
    items, _ = call(request, HOSTED_PAGE, headers=HTML)
    assert [item["external_id"] for item in items] == ["C4.E11"]


def test_configuration_needs_a_uid_and_a_token_or_a_hosted_slug():
    class NoUid(ComeetSpider):
        name = "no_uid"
        company = "NoUid"
        hosted_slug = "nouid"

    class NoRoute(ComeetSpider):
        name = "no_route"
        company = "NoRoute"
        company_uid = "AA.0FF"

    with pytest.raises(SpiderConfigurationError, match="company_uid"):
        make_spider(NoUid)
    with pytest.raises(SpiderConfigurationError, match="token or hosted_slug"):
        make_spider(NoRoute)


def test_monday_crawl_from_its_hosted_page(sqlite_url, server, run_scrapy):
    server.load_site(FIXTURES / "sites" / "monday")
    result = run_scrapy("crawl", "monday", "-a", f"base_url={server.base_url}")
    assert result.returncode == 0, result.stderr[-2000:]
    stored = postings(sqlite_url, "monday")
    assert sorted(stored) == ["A1.B21", "A1.B22"]  # the London position is left out
    assert stored["A1.B22"]["title"] == "מנהל/ת מוצר - CRM"
    assert (stored["A1.B22"]["city"], stored["A1.B22"]["country"]) == ("Tel Aviv", "IL")
    assert stored["A1.B21"]["workplace_type"] == "hybrid"
    assert stored["A1.B21"]["description_text"].startswith("About The Position\nBuild the Work OS")


def test_places_the_most_specific_comeet_field_wins():
    class Everywhere(ApiSpider):
        countries = None

    spider = make_spider(Everywhere)
    [request] = start_requests(spider)
    haifa, hebrew, herzliya, kyiv = call(request, load_json(FIXTURES / "places" / "comeet-positions.json"))[0]
    # location.name "Israel", city "Haifa", country "IL": the city, not the country-only name
    assert place_of(spider, haifa) == ("Haifa", "Haifa", "IL")
    assert place_of(spider, hebrew) == ("Tel Aviv", "Tel Aviv", "IL")
    assert place_of(spider, herzliya) == ("Herzliya", "Tel Aviv", "IL")
    assert place_of(spider, kyiv) == ("Kyiv", None, "UA")
    assert cities_of(spider, haifa) == ["Haifa"]
