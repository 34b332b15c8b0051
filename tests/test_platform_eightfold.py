"""Eightfold (PCSX) platform base, through a throwaway subclass, on saved real-format responses."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.http import Request
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from dbcheck import events, postings, sessions
from fixtureserver import SITES_DIR
from jobscraper.platforms.eightfold import EightfoldSpider
from spidertest import FIXTURES, SAMPLES, call, load_json, make_spider, response_for, start_requests

SAVED = FIXTURES / "eightfold"
SEARCH = "https://careers.example.com/api/pcsx/search"
DETAIL = "https://careers.example.com/api/pcsx/position_details"


class ExampleSpider(EightfoldSpider):
    name = "example_eightfold"
    company = "ExampleCo"
    host = "careers.example.com"
    domain = "example.com"


def query(request: Request) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(request.url).query, keep_blank_values=True).items()}


def search_url(start: int) -> str:
    return f"{SEARCH}?domain=example.com&query=&location=Israel&start={start}&sort_by=timestamp"


def detail_url(position_id: int) -> str:
    return f"{DETAIL}?position_id={position_id}&domain=example.com&hl=en"


def envelope(count: int, *ids: int) -> dict:
    """A search page in the real envelope, with minimal Israeli positions of these ids."""
    return {"status": 200, "error": {"message": "", "body": ""}, "metadata": None, "data": {
        "count": count,
        "positions": [{"id": i, "name": f"Engineer {i}", "locations": ["Israel, Tel Aviv"],
                       "standardizedLocations": ["Tel Aviv, TA, IL"], "postedTs": 1767571200,
                       "department": "R&D", "workLocationOption": "onsite",
                       "positionUrl": f"/careers/job/{i}"} for i in ids],
    }}


def split(output: list) -> tuple[list[Request], list[Request]]:
    pages = [r for r in output if r.url.startswith(SEARCH)]
    details = [r for r in output if r.url.startswith(DETAIL)]
    assert len(pages) + len(details) == len(output)
    return pages, details


def http_failure(request: Request, status: int) -> Failure:
    failure = Failure(HttpError(response_for(request, {"status": status}, status=status)))
    failure.request = request
    return failure


def test_first_search_request():
    [request] = start_requests(make_spider(ExampleSpider))
    assert request.url == search_url(0)
    assert query(request) == {"domain": "example.com", "query": "", "location": "Israel",
                              "start": "0", "sort_by": "timestamp"}
    assert request.errback.__name__ == "listing_failed"
    assert request.headers["Accept"].startswith(b"application/json")


def test_sample_search_pages_the_rest_and_asks_a_detail_per_position():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, requests = call(request, load_json(SAMPLES / "microsoft-list.json"))
    assert items == []
    pages, details = split(requests)
    # count 23 at 10 a page: the other two pages of the sweep are asked at once.
    assert [p.url for p in pages] == [search_url(10), search_url(20)]
    assert all(p.errback.__name__ == "listing_failed" and not p.dont_filter for p in pages)
    # The London + Haifa posting stays: one of its locations is in Israel.
    assert [d.url for d in details] == [detail_url(1970393556000001), detail_url(1970393556000002),
                                        detail_url(1970393556000003)]
    assert all(d.errback.__name__ == "detail_failed" for d in details)
    assert details[0].cb_kwargs["external_id"] == "1970393556000001"


def test_sample_detail_to_item():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    _, requests = call(request, load_json(SAMPLES / "microsoft-list.json"))
    _, [first, *_] = split(requests)
    [item], follow_ups = call(first, load_json(SAMPLES / "microsoft-detail.json"))
    assert follow_ups == []
    fp = first.cb_kwargs["listing_fingerprint"]
    assert dict(item) == {
        "company": "example_eightfold",
        "external_id": "1970393556000001",
        "title": "Senior Software Engineer - Azure Security",
        "url": "https://careers.example.com/careers/job/1970393556000001",
        "location": "Israel, Tel Aviv, Herzliya",
        "locations": ["Israel, Tel Aviv, Herzliya"],
        "department": "Software Engineering",
        "workplace_type": "hybrid",
        "description_html": "<p><b>Overview</b></p><p>Join the Israel R&amp;D center to build cloud security "
                            "services.</p><p><b>Qualifications</b></p><ul><li>5+ years of C#, C++ or Python</li></ul>",
        "posted_at_raw": 1767571200,
        "extra_metadata": {"requisition_id": "200000001"},
        "listing_fingerprint": fp,
    }


def test_two_pages_hebrew_remote_elsewhere_and_missing_department():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    _, requests = call(request, load_json(SAVED / "search-page1.json"))
    [page2], details = split(requests)
    assert page2.url == search_url(10)
    # 481093752003 is a US remote role the location search returned anyway: no detail asked.
    assert [d.cb_kwargs["external_id"] for d in details] == [
        f"48109375200{n}" for n in (1, 2, 4, 5, 6, 7, 8, 9)] + ["481093752010"]
    items, requests = call(page2, load_json(SAVED / "search-page2.json"))
    _, details2 = split(requests)
    assert items == [] and [d.cb_kwargs["external_id"] for d in details2] == ["481093752011", "481093752012"]
    assert spider.incomplete_reasons == []  # 12 distinct ids of 12 counted: no second sweep

    [hebrew], _ = call(details[0], load_json(SAVED / "detail-hebrew.json"))
    assert hebrew["title"] == "מהנדס/ת אימות חומרה - Networking"
    assert hebrew["description_html"].startswith('<p dir="rtl">הצטרפו לצוות האימות ביקנעם.</p>')
    assert (hebrew["location"], hebrew["workplace_type"]) == ("Israel, Yokneam", "onsite")
    [multi], _ = call(details[1], load_json(SAVED / "detail-no-department.json"))
    assert multi["department"] is None
    assert multi["location"] == "Israel, Tel Aviv"  # the Israeli one of its locations
    assert multi["locations"] == ["US, CA, Santa Clara", "Israel, Tel Aviv"]
    assert multi["extra_metadata"] == {"requisition_id": "JR2004002"}


def test_shuffled_pages_are_swept_again_until_every_position_is_seen():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    _, requests = call(request, envelope(23, *range(1, 11)))
    [page10, page20], _ = split(requests)
    # Replicas order ties differently: the later pages repeat 5..10 and miss 17..23.
    _, requests = call(page10, envelope(23, *range(5, 15)))
    assert split(requests)[0] == []
    _, requests = call(page20, envelope(23, 8, 9, 15, 16))
    [resweep], details = split(requests)
    assert [d.cb_kwargs["external_id"] for d in details] == ["15", "16"]
    assert resweep.url == search_url(0) and resweep.dont_filter
    assert resweep.cb_kwargs == {"start": 0, "sweep": 2}

    _, requests = call(resweep, envelope(23, 3, 17, 18, 1, 2, 4, 5, 6, 7, 19))
    [again10, again20], details = split(requests)
    assert again10.dont_filter and again20.dont_filter
    _, requests = call(again10, envelope(23, 20, 21, 22, 23, 1, 2, 3, 4, 5, 6))
    _, requests2 = call(again20, envelope(23, 7, 8, 9))
    detail_ids = [d.cb_kwargs["external_id"] for d in details + requests + requests2]
    assert detail_ids == ["17", "18", "19", "20", "21", "22", "23"]  # each position asked once
    assert spider.incomplete_reasons == []


def test_pages_answered_together_are_counted_whole_before_the_sweep_ends():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    _, requests = call(request, envelope(23, *range(1, 11)))
    [page10, page20], _ = split(requests)
    # Scrapy may iterate the output of two callbacks in turns: page 20 ends while page 10 is half read.
    output10 = page10.callback(response_for(page10, envelope(23, *range(11, 21))), **page10.cb_kwargs)
    first = next(output10)
    output20 = list(page20.callback(response_for(page20, envelope(23, 21, 22, 23)), **page20.cb_kwargs))
    rest = list(output10)
    assert split([first, *rest, *output20])[0] == []  # all 23 counted: no second sweep
    assert spider.incomplete_reasons == []


def run_sweep(first: Request, pages: dict[int, dict]) -> list[Request]:
    """Answer a sweep's first page, then the pages it asks for; the search requests left over."""
    _, requests = call(first, pages[0])
    left = []
    for page in split(requests)[0]:
        _, more = call(page, pages[page.cb_kwargs["start"]])
        left += split(more)[0]
    return left


def test_a_shortfall_that_never_closes_marks_the_crawl_incomplete():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    rest = {10: envelope(31, *range(11, 21)), 20: envelope(31, *range(21, 29)), 30: envelope(31)}
    [sweep2] = run_sweep(request, {0: envelope(31, *range(1, 11)), **rest})
    [sweep3] = run_sweep(sweep2, {0: envelope(31, 29, *range(1, 10)), **rest})
    assert sweep3.cb_kwargs == {"start": 0, "sweep": 3}
    assert run_sweep(sweep3, {0: envelope(31, 30, *range(1, 10)), **rest}) == []
    assert spider.incomplete_reasons == [
        "search at careers.example.com gave 30 distinct positions of the 31 it counts after 3 sweep(s)"
    ]


def test_a_sweep_that_finds_nothing_new_stops_the_resweeps():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    _, requests = call(request, envelope(15, *range(1, 11)))
    [page10], _ = split(requests)
    _, requests = call(page10, envelope(15, 9, 10, 11))
    [resweep], _ = split(requests)
    _, requests = call(resweep, envelope(15, *range(1, 11)))
    [again10], _ = split(requests)
    _, requests = call(again10, envelope(15, 11, 10))
    assert requests == []
    assert spider.incomplete_reasons == [
        "search at careers.example.com gave 11 distinct positions of the 15 it counts after 2 sweep(s)"
    ]
    assert spider.crawler.stats.get_value("jobscraper/crawl/incomplete") == 1


def test_a_failed_page_marks_the_crawl_incomplete_and_still_closes_the_sweep():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    _, requests = call(request, envelope(20, *range(1, 11)))
    [page10], _ = split(requests)
    resweep = list(spider.listing_failed(http_failure(page10, 503)))
    assert [r.cb_kwargs for r in resweep] == [{"start": 0, "sweep": 2}]
    assert spider.incomplete_reasons[0].startswith(f"listing request failed: {search_url(10)}: HTTP 503")


@pytest.mark.parametrize("body", [
    "<html><title>Access denied</title></html>",
    '{"data": {"count": 3',
    {"status": 403, "error": {"message": "PCSX is not enabled for this user", "body": ""}, "data": None},
])
def test_an_unusable_search_page_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, requests = call(request, body)
    assert (items, requests) == ([], [])
    assert len(spider.incomplete_reasons) == 1
    if isinstance(body, dict):
        assert spider.incomplete_reasons[0].endswith("PCSX is not enabled for this user")


def test_unchanged_listing_skips_the_detail_unless_full():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    _, requests = call(request, envelope(2, 1, 2))
    _, [detail1, detail2] = split(requests)
    spider = make_spider(ExampleSpider)
    spider.known_listings = {"1": detail1.cb_kwargs["listing_fingerprint"], "2": "an older listing"}
    [request] = start_requests(spider)
    items, requests = call(request, envelope(2, 1, 2))
    assert [dict(i) for i in items] == [{"company": "example_eightfold", "external_id": "1", "seen_only": True,
                                         "listing_fingerprint": detail1.cb_kwargs["listing_fingerprint"]}]
    assert [r.cb_kwargs["external_id"] for r in requests] == ["2"]
    assert spider.crawler.stats.get_value("jobscraper/details/skipped_unchanged") == 1

    spider = make_spider(ExampleSpider, full="1")
    spider.known_listings = {"1": detail1.cb_kwargs["listing_fingerprint"]}
    [request] = start_requests(spider)
    items, requests = call(request, envelope(2, 1, 2))
    assert items == [] and len(requests) == 2


def test_detail_404_means_the_posting_is_gone():
    spider = make_spider(ExampleSpider)
    spider.known_listings = {"1": "an older listing"}
    [request] = start_requests(spider)
    _, [detail] = call(request, envelope(1, 1))
    assert list(spider.detail_failed(http_failure(detail, 404))) == []
    assert spider.gone_external_ids == {"1"}
    assert spider.crawler.stats.get_value("jobscraper/details/gone") == 1


def test_a_known_posting_whose_detail_fails_otherwise_stays_listed():
    spider = make_spider(ExampleSpider)
    spider.known_listings = {"1": "an older listing"}
    [request] = start_requests(spider)
    _, [detail1, detail2] = call(request, envelope(2, 1, 2))
    assert list(spider.detail_failed(http_failure(detail2, 500))) == []  # new posting: nothing to keep
    [kept] = spider.detail_failed(http_failure(detail1, 405))
    assert dict(kept) == {"company": "example_eightfold", "external_id": "1", "seen_only": True,
                          "listing_fingerprint": None}
    assert spider.gone_external_ids == set()
    assert spider.crawler.stats.get_value("jobscraper/errors/detail_failed") == 2


@pytest.mark.parametrize("body", ["<html>busy</html>", {"status": 200, "error": {"message": "", "body": ""}}])
def test_an_unusable_detail_keeps_a_stored_posting_listed(body):
    spider = make_spider(ExampleSpider)
    spider.known_listings = {"1": "an older listing"}
    [request] = start_requests(spider)
    _, [detail1, detail2] = call(request, envelope(2, 1, 2))
    assert [dict(i) for i in call(detail1, body)[0]] == [{
        "company": "example_eightfold", "external_id": "1", "seen_only": True,
        "listing_fingerprint": None}]
    assert call(detail2, body) == ([], [])
    assert spider.crawler.stats.get_value("jobscraper/errors/detail_unusable") == 2


def test_a_gone_status_in_the_detail_payload_means_the_posting_is_gone():
    spider = make_spider(ExampleSpider)
    spider.known_listings = {"1": "an older listing"}
    [request] = start_requests(spider)
    _, [detail] = call(request, envelope(1, 1))
    assert call(detail, {"status": 404, "error": {"message": "position not found", "body": ""}}) == ([], [])
    assert spider.gone_external_ids == {"1"}


def test_since_keeps_only_recent_positions():
    spider = make_spider(ExampleSpider, since="24h")
    spider.since_cutoff = datetime(2026, 1, 7, tzinfo=timezone.utc)
    [request] = start_requests(spider)
    _, requests = call(request, load_json(SAVED / "search-page1.json"))
    _, details = split(requests)
    assert [d.cb_kwargs["external_id"] for d in details] == ["481093752001", "481093752002"]


def test_nvidia_crawl_fetches_details_only_for_new_or_changed_listings(sqlite_url, server, run_scrapy):
    server.load_site(SITES_DIR / "nvidia")
    first = run_scrapy("crawl", "nvidia", "-a", f"base_url={server.base_url}")
    assert first.returncode == 0, first.stderr[-2000:]
    assert sorted(postings(sqlite_url, "nvidia")) == ["481093752001", "481093752002"]  # the US remote role dropped
    assert len(server.requests_to("/api/pcsx/position_details")) == 2

    search = load_json(SITES_DIR / "nvidia" / "search.json")
    search["data"]["positions"][1]["department"] = "Deep Learning"
    server.add("/api/pcsx/search", search, query={"domain": "nvidia.com", "start": "0"})
    second = run_scrapy("crawl", "nvidia", "-a", f"base_url={server.base_url}")
    assert second.returncode == 0, second.stderr[-2000:]
    details = server.requests_to("/api/pcsx/position_details")
    assert [r.query["position_id"] for r in details[2:]] == ["481093752002"]
    session = sessions(sqlite_url, "nvidia")[-1]
    assert (session["status"], session["jobs_unchanged"], session["jobs_updated"]) == ("completed", 1, 1)
    assert events(sqlite_url, session["id"]) == [("481093752002", "updated", ["department"])]
