"""TalentBrew (Radancy) platform base, through a throwaway subclass, on saved real-format pages."""

from __future__ import annotations

import pytest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from dbcheck import postings, sessions
from jobscraper.platforms.base import SpiderConfigurationError
from jobscraper.platforms.talentbrew import TalentBrewSpider
from spidertest import FIXTURES, call, make_spider, response_for, start_requests

SITE = "https://jobs.example.com"
SAVED = FIXTURES / "talentbrew"
HTML = {"Content-Type": "text/html; charset=utf-8"}


class ExampleSpider(TalentBrewSpider):
    name = "example_talentbrew"
    company = "ExampleSoft"
    site_url = SITE


class OnePage(ExampleSpider):
    max_pages = 1


def page(name):
    return (SAVED / name).read_text("utf-8")


def searched(spider):
    [first] = start_requests(spider)
    return call(first, page("search-p1.html"), headers=HTML)


def test_first_search_page_and_base_url():
    [request] = start_requests(make_spider(ExampleSpider, base_url="http://127.0.0.1:8899"))
    assert request.url == "http://127.0.0.1:8899/search-jobs?p=1"


def test_a_job_page_per_israeli_result_then_the_next_search_page():
    spider = make_spider(ExampleSpider)
    items, requests = searched(spider)
    assert items == []
    *jobs, following = requests
    assert [r.url for r in jobs] == [
        f"{SITE}/job/petah-tikva/senior-software-engineer/27595/90000001",
        f"{SITE}/job/petah-tikva/%D7%9E%D7%A4%D7%AA%D7%97-%D7%AA/27595/90000002",
        f"{SITE}/job/tel-aviv/data-scientist-intern/27595/90000003",
    ]  # Mountain View is left out
    assert following.url == f"{SITE}/search-jobs?p=2"
    _, [haifa] = call(following, page("search-p2.html"), headers=HTML)  # page 2 of 2: the last
    assert haifa.cb_kwargs["external_id"] == "90000004"
    assert haifa.cb_kwargs["listing"]["title"] == "QA Engineer & Automation"
    assert spider.incomplete_reasons == []


def test_job_page_json_ld_to_item():
    spider = make_spider(ExampleSpider)
    _, [first, *_] = searched(spider)
    [item] = call(first, page("job-90000001.html"), headers=HTML)[0]
    assert dict(item) == {
        "company": "example_talentbrew",
        "external_id": "90000001",
        "title": "Senior Software Engineer",
        "url": f"{SITE}/job/petah-tikva/senior-software-engineer/27595/90000001",
        "location": "Petah Tikva, Israel",
        "locations": ["Petah Tikva, IL"],
        "department": "Software Engineering",
        "employment_type": "FULL_TIME",
        "workplace_type": None,
        "description_html": "<p>Build QuickBooks services in Petah Tikva.</p><ul><li>Java &amp; AWS</li></ul>",
        "posted_at_raw": "2026-01-08",
        "extra_metadata": None,
        "listing_fingerprint": first.cb_kwargs["listing_fingerprint"],
    }


def test_a_job_page_with_only_the_talentbrew_meta_tags():
    spider = make_spider(ExampleSpider)
    _, [_, hebrew, *_] = searched(spider)
    [item] = call(hebrew, page("job-90000002-meta-only.html"), headers=HTML)[0]
    assert (item["title"], item["description_html"]) == ("מפתח/ת Backend", "<p>פיתוח שירותי Backend.</p>")
    assert item["locations"] == ["Petah Tikva, Center District, Israel", "Tel Aviv, Tel Aviv District, Israel"]
    assert (item["workplace_type"], item["posted_at_raw"], item["extra_metadata"]) == (
        "Hybrid", "2026-01-06", {"experience_level": "Experienced"})


def test_unchanged_results_skip_their_page_and_the_page_cap_marks_incomplete():
    _, requests = searched(make_spider(ExampleSpider))
    spider = make_spider(OnePage)
    spider.known_listings = {r.cb_kwargs["external_id"]: r.cb_kwargs["listing_fingerprint"] for r in requests[:3]}
    items, requests = searched(spider)
    assert (len(items), requests) == (3, [])
    assert "more than 1 pages" in spider.incomplete_reasons[0]


def test_a_page_without_text_is_unusable_and_a_gone_job_is_gone():
    spider = make_spider(ExampleSpider)
    _, [first, second, *_] = searched(spider)
    assert call(first, "<html><head><title>Job not found</title></head></html>", headers=HTML) == ([], [])
    assert spider.crawler.stats.get_value("jobscraper/errors/detail_unusable") == 1
    failure = Failure(HttpError(response_for(second, "", status=410, headers=HTML)))
    failure.request = second
    list(second.errback(failure) or [])
    assert spider.gone_external_ids == {"90000002"}


@pytest.mark.parametrize("body", ["<html><body>Access denied</body></html>",
                                  '<section id="search-results" data-total-pages="3"></section>'])
def test_a_search_page_without_results_marks_the_crawl_incomplete(body):
    spider = make_spider(ExampleSpider)
    assert call(start_requests(spider)[0], body, headers=HTML) == ([], [])
    assert len(spider.incomplete_reasons) == 1


def test_missing_site_url_names_the_attribute():
    class Broken(TalentBrewSpider):
        name = "broken"
        company = "Broken"

    with pytest.raises(SpiderConfigurationError, match="site_url"):
        make_spider(Broken)


def test_intuit_crawl_twice_fetches_job_pages_only_the_first_time(sqlite_url, server, run_scrapy):
    server.load_site(FIXTURES / "sites" / "intuit")
    for _ in (1, 2):
        result = run_scrapy("crawl", "intuit", "-a", f"base_url={server.base_url}")
        assert result.returncode == 0, result.stderr[-2000:]
    assert len(server.requests_to("/job/petah-tikva/senior-software-engineer/27595/90100001")) == 1
    assert sessions(sqlite_url, "intuit")[-1]["jobs_unchanged"] == 2
    stored = postings(sqlite_url, "intuit")
    assert sorted(stored) == ["90100001", "90100002"]
    assert (stored["90100002"]["title"], stored["90100002"]["city"]) == ("מפתח/ת Full Stack", "Petah Tikva")
