"""Oracle Recruiting Cloud base, through a throwaway subclass, on saved real-format responses."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from jobscraper.platforms.base import SpiderConfigurationError
from jobscraper.platforms.oracle import OracleRecruitingSpider
from spidertest import FIXTURES, call, load_json, make_spider, start_requests

SAVED = FIXTURES / "oracle"
HOST = "https://ecxx.fa.us2.oraclecloud.com"
FINDER = ("findReqs;siteNumber=CX_1,facetsList=LOCATIONS;WORK_LOCATIONS;WORKPLACE_TYPES;TITLES;CATEGORIES;"
          "ORGANIZATIONS;POSTING_DATES;FLEX_FIELDS,limit=200,sortBy=POSTING_DATES_DESC,location=Israel")


class ExampleSpider(OracleRecruitingSpider):
    name = "example_oracle"
    company = "ExampleCo"
    host = "ecxx.fa.us2.oraclecloud.com"
    site_number = "CX_1"
    location_name = "Israel"


class SmallPages(ExampleSpider):
    page_size = 2


def query(request):
    return {key: values[0] for key, values in parse_qs(urlsplit(request.url).query).items()}


def test_first_listing_page_writes_location_and_offset_inside_the_finder():
    [request] = start_requests(make_spider(ExampleSpider))
    assert request.url.startswith(f"{HOST}/hcmRestApi/resources/latest/recruitingCEJobRequisitions?")
    assert query(request) == {
        "onlyData": "true",
        "expand": "requisitionList.workLocation,requisitionList.secondaryLocations",
        "finder": f"{FINDER},offset=0",
    }
    [local] = start_requests(make_spider(ExampleSpider, base_url="http://127.0.0.1:8899"))
    assert local.url.startswith("http://127.0.0.1:8899/hcmRestApi/resources/latest/recruitingCEJobRequisitions?")


def test_sample_listing_asks_a_detail_for_each_israeli_requisition():
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    items, requests = call(request, load_json(SAVED / "requisitions.json"))
    assert items == []  # Austin is left out; TotalJobsCount 3 is reached
    assert [r.cb_kwargs["external_id"] for r in requests] == ["200000101", "200000102"]
    detail = requests[1]
    assert detail.url.startswith(f"{HOST}/hcmRestApi/resources/latest/recruitingCEJobRequisitionDetails?")
    assert query(detail) == {"expand": "all", "onlyData": "true", "finder": 'ById;Id="200000102",siteNumber=CX_1'}
    assert detail.errback == spider.detail_failed


def test_sample_detail_to_item():
    spider = make_spider(ExampleSpider)
    [listing] = start_requests(spider)
    _, [_, detail] = call(listing, load_json(SAVED / "requisitions.json"))
    [item] = call(detail, load_json(SAVED / "requisition-detail.json"))[0]
    assert dict(item) == {
        "company": "example_oracle",
        "external_id": "200000102",
        "title": "מהנדס/ת תוכנה - ענן",
        "url": f"{HOST}/hcmUI/CandidateExperience/en/sites/CX_1/job/200000102",
        "location": "Jerusalem, Israel",
        "locations": ["Jerusalem, Israel"],
        "country": "IL",
        "department": "Software Development",
        "employment_type": "Full time",
        "workplace_type": "On-site",
        "description_html": "<p>פיתוח שירותי ענן בירושלים.</p>\n<h2>Responsibilities</h2>\n"
                            "<ul><li>Design distributed services</li></ul>\n<h2>Qualifications</h2>\n"
                            "<ul><li>B.Sc. in Computer Science</li><li>5+ years of Java</li></ul>",
        "posted_at_raw": "2026-01-06T08:00:00+00:00",
        "listing_fingerprint": detail.cb_kwargs["listing_fingerprint"],
    }


def test_pages_follow_the_total_and_a_repeated_row_is_kept_once():
    spider = make_spider(SmallPages)
    [first] = start_requests(spider)
    _, requests = call(first, load_json(SAVED / "requisitions-offset0.json"))
    [second] = [r for r in requests if r.callback == spider.parse_listing]
    assert query(second)["finder"].endswith("limit=2,sortBy=POSTING_DATES_DESC,location=Israel,offset=2")
    _, more = call(second, load_json(SAVED / "requisitions-offset2.json"))
    [third] = [r for r in more if r.callback == spider.parse_listing]
    _, last = call(third, load_json(SAVED / "requisitions-offset4.json"))
    details = [r for r in requests + more + last if r.callback == spider.parse_detail]
    # 200000102 comes again on the second page; Austin's row with a Haifa secondary location counts.
    assert [r.cb_kwargs["external_id"] for r in details] == ["200000101", "200000102", "200000104"]
    assert spider.incomplete_reasons == []


def test_paging_stops_at_max_pages_and_marks_the_crawl_incomplete():
    class OnePage(SmallPages):
        max_pages = 1

    spider = make_spider(OnePage)
    [first] = start_requests(spider)
    _, requests = call(first, load_json(SAVED / "requisitions-offset0.json"))
    assert all(r.callback == spider.parse_detail for r in requests)
    assert "max_pages=1" in spider.incomplete_reasons[0]


def test_unchanged_requisitions_get_no_detail_request():
    spider = make_spider(ExampleSpider)
    [listing] = start_requests(spider)
    _, [first, second] = call(listing, load_json(SAVED / "requisitions.json"))
    spider.known_listings = {"200000101": first.cb_kwargs["listing_fingerprint"], "200000102": "changed"}
    items, requests = call(listing, load_json(SAVED / "requisitions.json"))
    assert [(i["external_id"], i["seen_only"]) for i in items] == [("200000101", True)]
    assert [r.cb_kwargs["external_id"] for r in requests] == ["200000102"]


def test_a_detail_with_no_requisition_means_gone_and_an_unreadable_one_keeps_it_seen():
    spider = make_spider(ExampleSpider)
    [listing] = start_requests(spider)
    _, [first, second] = call(listing, load_json(SAVED / "requisitions.json"))
    spider.known_listings = {"200000101": "old", "200000102": "old"}
    assert call(first, {"items": []}) == ([], [])
    assert spider.gone_external_ids == {"200000101"}
    [kept], _ = call(second, "<html>Service Unavailable</html>")
    assert (kept["external_id"], kept["seen_only"]) == ("200000102", True)
    assert spider.crawler.stats.get_value("jobscraper/errors/detail_unusable") == 1


@pytest.mark.parametrize("body", ["<html>503</html>", '{"items": []}', '{"items": [{"TotalJobsCount": 3}]}'])
def test_unparsable_listing_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    [request] = start_requests(spider)
    assert call(request, body) == ([], [])
    assert len(spider.incomplete_reasons) == 1


def test_missing_configuration_names_the_attributes():
    class Broken(OracleRecruitingSpider):
        name = "broken"
        company = "Broken"

    with pytest.raises(SpiderConfigurationError, match="host, site_number"):
        make_spider(Broken)


def test_requests_to_every_tenant_of_the_shared_oracle_pods_are_spaced_a_second_apart():
    from scrapy.utils.project import get_project_settings
    from scrapy.utils.test import get_crawler

    from jobscraper.middlewares.politeness import HostPolitenessMiddleware

    settings = get_project_settings()
    middleware = HostPolitenessMiddleware(get_crawler(settings_dict={
        "JOBSCRAPER_HOST_MIN_INTERVALS": settings.getdict("JOBSCRAPER_HOST_MIN_INTERVALS")}))
    assert middleware.interval_for("eeho.fa.us2.oraclecloud.com") == 1.0
    assert middleware.interval_for("fa-epcb-saasfaprod1.fa.ocs.oraclecloud.com") == 1.0
