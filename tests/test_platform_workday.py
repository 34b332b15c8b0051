"""Workday (CXS) platform base, through a throwaway subclass, on saved real-format responses."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
import scrapy
from scrapy.http import JsonRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from jobscraper.platforms.base import fingerprint
from jobscraper.platforms.workday import WorkdaySpider, latest_posting_moment, posting_id
from jobscraper.spiders.intel import IntelSpider
from jobscraper.spiders.paypal import PaypalSpider
from jobscraper.spiders.salesforce import SalesforceSpider
from placecheck import normalised, place_of
from spidertest import FIXTURES, SAMPLES, call, load_json, make_spider, response_for, start_requests

API = "https://exampleco.wd1.myworkdayjobs.com/wday/cxs/exampleco/External"
SAVED = FIXTURES / "workday"
ISRAEL = "084562884af243748dad7c84c304d89a"
HAIFA, PETAH, JERUS = "1f6cfc7b1f4a100149f3bbf0c1e80000", "1f6cfc7b1f4a100149f3bc2fd26c0000", "1f6cfc7b1f4a10014a0efe3a1d3f0000"
INTEL_ISRAEL = {"locations": [HAIFA, PETAH, JERUS]}
SF_COUNTRY = "CF_-_REC_-_LRV_-_Job_Posting_Anchor_-_Country_from_Job_Posting_Location_Extended"


class ExampleSpider(WorkdaySpider):
    name = "example_workday"
    company = "ExampleCo"
    tenant = "exampleco"
    wd_instance = "wd1"
    site = "External"


class Everywhere(ExampleSpider):
    countries = None


def body(request) -> dict:
    return json.loads(request.body)


def listing(applied: dict, offset: int = 0) -> dict:
    return {"appliedFacets": applied, "limit": 20, "offset": offset, "searchText": ""}


def failure_for(request, payload, status):
    failure = Failure(HttpError(response_for(request, payload, status=status)))
    failure.request = request
    return failure


def israel_page(spider, page="intel-israel-page1.json", offset=0, total=None):
    """A listing request of the Intel Israel query at ``offset``, as the spider would send it."""
    spider.country_facets = INTEL_ISRAEL
    request = spider.listing_request(INTEL_ISRAEL, offset, spider.parse_page, total)
    return call(request, load_json(SAVED / page))


def detail_for(spider, path_suffix):
    _, requests = israel_page(spider)
    return next(r for r in requests if r.url.endswith(path_suffix))


# --- the first request and facet discovery ---------------------------------------------------

def test_first_request_posts_all_four_body_keys_without_facets():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    assert isinstance(request, JsonRequest) and request.method == "POST"
    assert request.url == f"{API}/jobs"
    assert body(request) == listing({})
    assert request.headers[b"Content-Type"] == b"application/json"
    assert request.errback == spider.listing_failed


def test_base_url_replaces_scheme_and_host_of_listing_and_detail_requests():
    spider = make_spider(ExampleSpider, base_url="http://127.0.0.1:8899")
    [request] = start_requests(spider)
    assert request.url == "http://127.0.0.1:8899/wday/cxs/exampleco/External/jobs"
    _, [israel] = call(request, load_json(SAMPLES / "workday-list.json"))
    _, details = call(israel, load_json(SAMPLES / "workday-list.json"))
    assert details[0].url == (
        "http://127.0.0.1:8899/wday/cxs/exampleco/External/job/Israel-Haifa/Senior-Firmware-Engineer_JR0000001"
    )


def test_sample_discovery_prefers_the_country_facet_over_city_values():
    [request] = start_requests(make_spider(ExampleSpider))
    items, [israel] = call(request, load_json(SAMPLES / "workday-list.json"))
    assert items == []
    assert israel.url == f"{API}/jobs"
    assert body(israel) == listing({"locationCountry": [ISRAEL]})
    assert israel.callback.__name__ == "parse_page"


def test_intel_has_only_city_values_and_every_israeli_one_is_applied():
    [request] = start_requests(make_spider(ExampleSpider))
    items, [israel] = call(request, load_json(SAVED / "intel-discovery.json"))
    assert items == []  # the unfiltered postings of the discovery page are not Israeli
    assert body(israel) == listing(INTEL_ISRAEL)


def test_salesforce_country_facet_has_a_custom_name_and_its_own_id():
    [request] = start_requests(make_spider(ExampleSpider))
    _, [israel] = call(request, load_json(SAVED / "salesforce-discovery.json"))
    assert body(israel) == listing({SF_COUNTRY: ["2e8a3d1f7c6b4e59a0d1c3b5e7f90a12"]})


def test_hebrew_country_value_is_recognised():
    facets = [{"facetParameter": "locationMainGroup", "values": [
        {"facetParameter": "Location_Country", "descriptor": "מדינה", "values": [
            {"descriptor": "ישראל", "id": "il-he", "count": 4},
            {"descriptor": "Deutschland", "id": "de", "count": 9}]}]}]
    [request] = start_requests(make_spider(ExampleSpider))
    _, [israel] = call(request, {"total": 13, "jobPostings": [], "facets": facets})
    assert body(israel) == listing({"Location_Country": ["il-he"]})


def test_board_without_an_israeli_location_value_lists_nothing():
    facets = [{"facetParameter": "locationCountry", "descriptor": "Country", "values": [
        {"descriptor": "United States of America", "id": "us", "count": 40}]}]
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    assert call(request, {"total": 40, "jobPostings": [], "facets": facets}) == ([], [])
    assert spider.incomplete_reasons == []


def test_board_without_location_facets_is_read_whole_and_filtered_by_listed_location():
    rows = load_json(SAMPLES / "workday-list.json")["jobPostings"] + [
        {"title": "Sales Lead", "externalPath": "/job/Germany-Munich/Sales-Lead_JR0000009",
         "locationsText": "Germany, Munich", "postedOn": "Posted Today", "bulletFields": ["JR0000009"]}]
    facets = [{"facetParameter": "jobFamilyGroup", "values": [{"descriptor": "Engineering", "id": "e", "count": 4}]}]
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    _, requests = call(request, {"total": 4, "jobPostings": rows, "facets": facets})
    # Munich is left out before its detail; "2 Locations" may include Israel, so it is fetched.
    assert [r.cb_kwargs["external_id"] for r in requests] == ["JR0000001", "JR0000002", "JR0000003"]


def test_everywhere_spider_pages_the_whole_board_from_the_first_request():
    spider = make_spider(Everywhere)
    [request] = start_requests(spider)
    assert body(request) == listing({})
    _, requests = call(request, load_json(SAVED / "intel-discovery.json"))
    assert [r.cb_kwargs["external_id"] for r in requests[:2]] == ["JR0279001", "JR0279002"]
    assert body(requests[2]) == listing({}, 20)


# --- paging ----------------------------------------------------------------------------------

def test_first_page_requests_details_and_the_next_page_with_the_same_facets():
    spider = make_spider(ExampleSpider)
    items, requests = israel_page(spider)
    assert items == []
    *details, next_page = requests
    assert len(details) == 20
    assert details[0].url == f"{API}/job/Israel-Haifa/Senior-Firmware-Engineer_JR0278001"
    assert details[0].method == "GET" and details[0].errback == spider.detail_failed
    assert [d.cb_kwargs["external_id"] for d in details[:4]] == ["JR0278001", "JR0278002", "JR0278003", "JR0278004"]
    assert body(next_page) == listing(INTEL_ISRAEL, 20)
    assert next_page.cb_kwargs == {"applied": INTEL_ISRAEL, "offset": 20, "total": 23}
    assert next_page.errback == spider.listing_failed


def test_second_page_keeps_the_first_pages_total_and_stops_there():
    spider = make_spider(ExampleSpider)
    items, requests = israel_page(spider, "intel-israel-page2.json", offset=20, total=23)
    assert items == []  # its own total of 0 is ignored
    assert [r.cb_kwargs["external_id"] for r in requests] == ["JR0278021", "JR0278022", "JR0278023"]
    assert all(r.method == "GET" for r in requests)  # 40 >= 23: no further page


def test_an_empty_page_stops_paging_before_the_total():
    spider = make_spider(ExampleSpider)
    request = spider.listing_request(INTEL_ISRAEL, 20, spider.parse_page, 60)
    assert call(request, {"total": 0, "jobPostings": [], "facets": []}) == ([], [])
    assert spider.incomplete_reasons == []


def test_a_posting_listed_twice_is_fetched_once():
    spider = make_spider(ExampleSpider)
    _, first = israel_page(spider)
    _, again = israel_page(spider)
    assert len(first) == 21 and [body(r) for r in again] == [listing(INTEL_ISRAEL, 20)]


@pytest.mark.parametrize("payload", ["<html>Service unavailable</html>", '{"total": 23, "jobPostings": [',
                                     '{"errorCode": "HTTP_422", "httpStatus": 422}'])
def test_unparsable_listing_marks_the_crawl_incomplete(payload):
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    assert call(request, payload) == ([], [])
    assert len(spider.incomplete_reasons) == 1
    assert spider.crawler.stats.get_value("jobscraper/crawl/incomplete") == 1


# --- the 2000 cap ----------------------------------------------------------------------------

def test_capped_board_is_split_by_location_values_and_its_own_rows_are_not_used():
    spider = make_spider(Everywhere)
    [request] = start_requests(spider)
    items, requests = call(request, load_json(SAVED / "capped-page.json"))
    assert items == []
    # A location facet is preferred over job categories; the value with no postings is skipped.
    assert [body(r) for r in requests] == [
        listing({"locations": ["1f6cfc7b1f4a1001486e27ca7bbe0000"]}),
        listing({"locations": ["1f6cfc7b1f4a1001486f2d1c2ab40000"]}),
        listing({"locations": ["1f6cfc7b1f4a100149c1b6e4f9b60000"]}),
    ]
    assert spider.incomplete_reasons == []


def test_capped_query_with_several_values_is_split_value_by_value():
    spider = make_spider(ExampleSpider)
    spider.country_facets = INTEL_ISRAEL
    request = spider.listing_request(INTEL_ISRAEL, 0, spider.parse_page)
    _, requests = call(request, load_json(SAVED / "capped-page.json"))
    assert [body(r)["appliedFacets"] for r in requests] == [{"locations": [HAIFA]}, {"locations": [PETAH]},
                                                           {"locations": [JERUS]}]


def test_split_keeps_the_country_facet_and_adds_the_splitting_one():
    spider = make_spider(ExampleSpider)
    applied = {"locationCountry": [ISRAEL]}
    request = spider.listing_request(applied, 0, spider.parse_page)
    _, requests = call(request, load_json(SAVED / "capped-page.json"))
    assert body(requests[0])["appliedFacets"] == {"locationCountry": [ISRAEL],
                                                  "locations": ["1f6cfc7b1f4a1001486e27ca7bbe0000"]}


def test_capped_query_without_a_facet_to_split_is_read_to_the_cap_and_marked_incomplete():
    spider = make_spider(Everywhere)
    [request] = start_requests(spider)
    page = load_json(SAVED / "capped-page.json") | {"total": 3100, "facets": []}
    _, requests = call(request, page)
    assert len(requests) == 21 and body(requests[-1]) == listing({}, 20)
    assert len(spider.incomplete_reasons) == 1 and "capped at 2000 of 3100" in spider.incomplete_reasons[0]
    last = spider.listing_request({}, 1980, spider.parse_page, 3100)
    rows = [{**row, "externalPath": row["externalPath"] + "9"} for row in page["jobPostings"]]
    _, requests = call(last, page | {"total": 0, "jobPostings": rows})
    assert all(r.method == "GET" for r in requests)  # never past offset 2000: it repeats page 0


# --- details ---------------------------------------------------------------------------------

def test_sample_detail_to_item():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    _, [israel] = call(request, load_json(SAMPLES / "workday-list.json"))
    _, details = call(israel, load_json(SAMPLES / "workday-list.json"))
    [item] = call(details[1], load_json(SAMPLES / "workday-detail.json"))[0]
    row = load_json(SAMPLES / "workday-list.json")["jobPostings"][1]
    assert dict(item) == {
        "company": "example_workday",
        "external_id": "JR0000002",
        "title": "Verification Engineer - Student",
        "url": "https://exampleco.wd1.myworkdayjobs.com/External/job/Israel-Petah-Tikva/Verification-Engineer---Student_JR0000002",
        "location": "Israel, Petah Tikva",
        "locations": ["Israel, Petah Tikva", "Israel, Haifa"],
        "places_raw": [
            {"country": "Israel", "text": "Israel, Petah Tikva"},
            {"country": "Israel", "text": "Israel, Petah Tikva"},
        ],
        "country": "IL",
        "employment_type": "Part time",
        "workplace_type": "Hybrid",
        "description_html": "<p><b>Job Description</b></p><p>Join the validation team in Petah Tikva.</p>"
                            "<ul><li>Python scripting</li><li>Lab work with silicon</li></ul>",
        "posted_at_raw": "2026-01-11",
        "extra_metadata": {"requisition_id": "JR0000002"},
        "listing_fingerprint": fingerprint(row["title"], row["locationsText"], row["postedOn"], row["bulletFields"]),
    }


def test_two_location_detail_keeps_every_location_and_never_the_relative_date():
    spider = make_spider(ExampleSpider)
    detail = detail_for(spider, "_JR0278002")
    [item] = call(detail, load_json(SAVED / "intel-detail-two-locations.json"))[0]
    assert item["location"] == "Israel, Petah-Tikva"
    assert item["locations"] == ["Israel, Petah-Tikva", "Israel, Haifa"]
    assert item["posted_at_raw"] == "2026-01-11"
    assert "Posted" not in json.dumps(dict(item))
    assert item["description_html"].startswith("<p><b>Job Description</b></p><p>Join the pre-silicon validation team &amp;")


def test_hebrew_detail_to_item():
    spider = make_spider(ExampleSpider)
    detail = detail_for(spider, "_JR0278003")
    [item] = call(detail, load_json(SAVED / "intel-detail-hebrew.json"))[0]
    assert (item["external_id"], item["title"]) == ("JR0278003", "מהנדס/ת תוכנה משובצת")
    assert item["url"] == "https://exampleco.wd1.myworkdayjobs.com/External/job/Israel-Jerusalem/------------------_JR0278003"
    assert item["description_html"].startswith("<p>אנו מחפשים <strong>מהנדס/ת תוכנה משובצת</strong>")
    assert (item["employment_type"], item["workplace_type"]) == ("Full time", "On-site")


def test_detail_without_optional_fields():
    spider = make_spider(ExampleSpider)
    detail = detail_for(spider, "_JR0278004")
    [item] = call(detail, load_json(SAVED / "intel-detail-minimal.json"))[0]
    assert {key: item.get(key) for key in ("external_id", "location", "locations", "country", "workplace_type",
                                           "posted_at_raw", "extra_metadata")} == {
        "external_id": "JR0278004", "location": "Israel, Haifa", "locations": ["Israel, Haifa"], "country": None,
        "workplace_type": None, "posted_at_raw": None, "extra_metadata": None,
    }


def test_locale_goes_into_the_public_job_url():
    class Localised(ExampleSpider):
        locale = "en-US"

    spider = make_spider(Localised)
    detail = detail_for(spider, "_JR0278004")
    [item] = call(detail, load_json(SAVED / "intel-detail-minimal.json"))[0]
    assert item["url"] == "https://exampleco.wd1.myworkdayjobs.com/en-US/External/job/Israel-Haifa/GPU-Architect_JR0278004"


def test_detail_without_posting_info_is_counted_not_stored():
    spider = make_spider(ExampleSpider)
    detail = detail_for(spider, "_JR0278004")
    assert call(detail, {"errorCode": "HTTP_500"}) == ([], [])
    assert spider.crawler.stats.get_value("jobscraper/errors/detail_unusable") == 1


def test_unchanged_listing_skips_the_detail_and_a_changed_one_fetches_it():
    row = load_json(SAVED / "intel-israel-page1.json")["jobPostings"][0]
    spider = make_spider(ExampleSpider)
    spider.known_listings = {
        "JR0278001": fingerprint(row["title"], row["locationsText"], row["postedOn"], row["bulletFields"]),
        "JR0278002": "an older fingerprint",
    }
    items, requests = israel_page(spider)
    assert [dict(item) for item in items] == [{
        "company": "example_workday", "external_id": "JR0278001",
        "listing_fingerprint": fingerprint(row["title"], row["locationsText"], row["postedOn"], row["bulletFields"]),
        "seen_only": True,
    }]
    assert [r.cb_kwargs["external_id"] for r in requests[:2]] == ["JR0278002", "JR0278003"]
    assert spider.crawler.stats.get_value("jobscraper/details/skipped_unchanged") == 1


def test_full_fetches_unchanged_details_too():
    row = load_json(SAVED / "intel-israel-page1.json")["jobPostings"][0]
    spider = make_spider(ExampleSpider, full="1")
    spider.known_listings = {"JR0278001": fingerprint(row["title"], row["locationsText"], row["postedOn"],
                                                      row["bulletFields"])}
    items, requests = israel_page(spider)
    assert items == [] and requests[0].cb_kwargs["external_id"] == "JR0278001"


@pytest.mark.parametrize("status", [404, 410])
def test_detail_gone_marks_the_posting_gone(status):
    spider = make_spider(ExampleSpider)
    detail = detail_for(spider, "_JR0278004")
    assert list(detail.errback(failure_for(detail, {"errorCode": "HTTP_404"}, status))) == []
    assert spider.gone_external_ids == {"JR0278004"}


# --- the invalid session cookie --------------------------------------------------------------

def test_listing_400_for_a_bad_session_cookie_is_retried_once_without_cookies():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    request.headers["Cookie"] = "PLAY_SESSION=stale"  # as the cookie middleware leaves it
    [retry] = request.errback(failure_for(request, load_json(SAVED / "session-cookie-400.json"), 400))
    assert retry.meta["dont_merge_cookies"] is True and retry.dont_filter and b"Cookie" not in retry.headers
    assert retry.headers[b"Content-Type"] == b"application/json"
    assert (retry.url, body(retry), retry.callback, retry.cb_kwargs) == (
        request.url, body(request), request.callback, request.cb_kwargs)
    assert spider.incomplete_reasons == []
    # The retry fails the same way: no second retry, the listing is lost.
    assert list(retry.errback(failure_for(retry, load_json(SAVED / "session-cookie-400.json"), 400))) == []
    assert len(spider.incomplete_reasons) == 1
    # Later requests go without cookies from the start.
    assert spider.listing_request({}, 20, spider.parse_page).meta["dont_merge_cookies"] is True


def test_detail_400_for_a_bad_session_cookie_is_retried_and_another_400_is_an_error():
    spider = make_spider(ExampleSpider)
    detail = detail_for(spider, "_JR0278004")
    [retry] = detail.errback(failure_for(detail, load_json(SAVED / "session-cookie-400.json"), 400))
    assert retry.meta["dont_merge_cookies"] is True and retry.cb_kwargs == detail.cb_kwargs
    other = detail_for(make_spider(ExampleSpider), "_JR0278004")
    assert list(other.errback(failure_for(other, {"errorCode": "HTTP_400", "message": "Bad request"}, 400))) == []
    assert other.meta.get("dont_merge_cookies") is None
    assert spider.gone_external_ids == set()


# --- since -----------------------------------------------------------------------------------

def test_since_skips_old_postings_before_the_detail_by_their_relative_date():
    spider = make_spider(ExampleSpider, since="36h")
    _, requests = israel_page(spider)
    # "Posted Yesterday" may be an hour ago; "3 Days Ago" is at least two days, so outside 36 hours.
    assert [r.cb_kwargs["external_id"] for r in requests if r.method == "GET"] == ["JR0278001", "JR0278004"]
    assert body(requests[-1]) == listing(INTEL_ISRAEL, 20)


def test_since_drops_a_detail_whose_start_date_is_old():
    spider = make_spider(ExampleSpider, since="24h")
    detail = detail_for(spider, "_JR0278001")
    payload = load_json(SAVED / "intel-detail-minimal.json")
    spider.since_cutoff = datetime(2026, 1, 11, 20, tzinfo=timezone.utc)
    old = payload | {"jobPostingInfo": payload["jobPostingInfo"] | {"startDate": "2026-01-10"}}
    recent = payload | {"jobPostingInfo": payload["jobPostingInfo"] | {"startDate": "2026-01-11"}}
    assert call(detail, old)[0] == []
    assert len(call(detail, recent)[0]) == 1  # a date-only start may be late that day


def test_relative_posted_dates():
    now = datetime(2026, 1, 12, 12, tzinfo=timezone.utc)
    assert latest_posting_moment("Posted Today", now) == now
    assert latest_posting_moment("Posted Yesterday", now) == now
    assert latest_posting_moment("Posted 3 Days Ago", now) == now - timedelta(days=2)
    assert latest_posting_moment("Posted 30+ Days Ago", now) == now - timedelta(days=29)
    assert latest_posting_moment(None, now) is None


# --- ids and configuration -------------------------------------------------------------------

@pytest.mark.parametrize("row, expected", [
    ({"externalPath": "/job/Israel-Haifa/Title_JR0000001", "bulletFields": ["JR0000001"]}, "JR0000001"),
    ({"externalPath": "/job/Seattle/Title_R0022014", "bulletFields": ["Seattle (Market/Region)", "R0022014"]}, "R0022014"),
    ({"externalPath": "/job/Israel-Haifa/Title_JR0000004"}, "JR0000004"),
    ({"externalPath": "/job/McLean/Senior-Manager-R239042", "bulletFields": ["R239042"]}, "R239042"),
    ({"externalPath": "/job/Tel-Aviv/Title", "bulletFields": ["Tel Aviv"]}, "/job/Tel-Aviv/Title"),
])
def test_posting_id(row, expected):
    assert posting_id(row) == expected


@pytest.mark.parametrize("spider_cls, url", [
    (IntelSpider, "https://intel.wd1.myworkdayjobs.com/wday/cxs/intel/External/jobs"),
    (SalesforceSpider, "https://salesforce.wd12.myworkdayjobs.com/wday/cxs/salesforce/External_Career_Site/jobs"),
    (PaypalSpider, "https://paypal.wd1.myworkdayjobs.com/wday/cxs/paypal/jobs/jobs"),
])
def test_company_spiders_post_to_their_tenant(spider_cls, url):
    [request] = start_requests(make_spider(spider_cls))
    assert (request.url, body(request)) == (url, listing({}))


# --- end to end ------------------------------------------------------------------------------

def test_intel_crawl_end_to_end_with_a_bad_session_cookie_then_incremental(sqlite_url, server, run_scrapy):
    from dbcheck import postings, sessions
    from fixtureserver import SITES_DIR

    server.load_site(SITES_DIR / "intel")
    api = "/wday/cxs/intel/External"
    discovery = json.loads((SITES_DIR / "intel" / "discovery.json").read_text("utf-8"))
    server.add(f"{api}/jobs", discovery, method="POST", json_match={"appliedFacets": {}},
               headers={"Set-Cookie": "PLAY_SESSION=stale; Path=/"})
    first_detail = f"{api}/job/Israel-Haifa/Senior-Firmware-Engineer_JR0278101"
    server.add(first_detail, load_json(SAVED / "session-cookie-400.json"), status=400, times=1,
               content_type="application/json;charset=ISO-8859-1")

    result = run_scrapy("crawl", "intel", "-a", f"base_url={server.base_url}")
    assert result.returncode == 0, result.stderr[-3000:]
    stored = postings(sqlite_url, "intel")
    assert sorted(stored) == ["JR0278101", "JR0278102", "JR0278103"]
    assert stored["JR0278103"]["title"] == "מהנדס/ת תוכנה משובצת"
    assert stored["JR0278101"]["url"] == (
        "https://intel.wd1.myworkdayjobs.com/External/job/Israel-Haifa/Senior-Firmware-Engineer_JR0278101")
    assert sessions(sqlite_url, "intel")[-1]["status"] == "completed"
    [israel_query] = [r.json() for r in server.requests_to(f"{api}/jobs") if r.json()["appliedFacets"]]
    assert israel_query == listing(INTEL_ISRAEL)
    rejected, retried = server.requests_to(first_detail)
    assert "PLAY_SESSION=stale" in rejected.headers.get("Cookie", "")
    assert "Cookie" not in retried.headers

    details_before = len([r for r in server.requests if r.method == "GET"])
    second = run_scrapy("crawl", "intel", "-a", f"base_url={server.base_url}")
    assert second.returncode == 0, second.stderr[-3000:]
    assert len([r for r in server.requests if r.method == "GET"]) == details_before  # nothing changed
    session = sessions(sqlite_url, "intel")[-1]
    assert (session["status"], session["jobs_unchanged"], session["jobs_removed"]) == ("completed", 3, 0)


def test_an_unusable_detail_of_a_stored_posting_keeps_it_seen():
    spider = make_spider(ExampleSpider)
    detail = detail_for(spider, "_JR0278004")
    external_id = detail.cb_kwargs["external_id"]
    spider.known_listings = {external_id: "stored-fp"}
    [kept], _ = call(detail, "<html><body>Please verify you are a human</body></html>",
                     headers={"Content-Type": "text/html"})
    assert (kept["external_id"], kept["seen_only"]) == (external_id, True)
    assert (kept["external_id"], kept["seen_only"], kept["listing_fingerprint"]) == (external_id, True, None)


def test_places_a_requisition_address_resolves_to_its_city():
    class Everywhere(ExampleSpider):
        countries = None

    spider = make_spider(Everywhere)
    listing = {"title": "Site Reliability Engineer", "externalPath": "/job/Dublin/Site-Reliability-Engineer_R1",
               "locationsText": "Dublin"}
    detail = scrapy.Request("https://exampleco.wd1.myworkdayjobs.com/wday/cxs/exampleco/External/job/x",
                            callback=spider.parse_detail,
                            cb_kwargs={"external_id": "R1", "listing": listing, "listing_fingerprint": "f"})
    [item] = call(detail, load_json(FIXTURES / "places" / "workday-detail.json"))[0]
    # "30 North Wall Quay - IFSC, Dublin 1, Leinster, IRL": an address, stored as Dublin, IE
    assert place_of(spider, item) == ("Dublin", None, "IE")
    assert normalised(spider, item)["workplace_type"] == "hybrid"
