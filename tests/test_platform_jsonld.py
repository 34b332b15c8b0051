"""Careers pages with schema.org JobPosting JSON-LD, through throwaway subclasses, on saved pages."""

from __future__ import annotations

import pytest

from jobscraper.platforms.base import SpiderConfigurationError
from jobscraper.platforms.jsonld import JsonLdJobsSpider
from spidertest import FIXTURES, call, make_spider, start_requests

SAVED = FIXTURES / "jsonld"
XML = {"Content-Type": "application/xml"}
HTML = {"Content-Type": "text/html; charset=utf-8"}


def page(name: str) -> bytes:
    return (SAVED / name).read_bytes()


class SitemapSpider(JsonLdJobsSpider):
    name = "example_jsonld"
    company = "ExampleCo"
    listing_url = "https://careers.example.com/sitemap.xml"


class CareersPageSpider(JsonLdJobsSpider):
    name = "example_jsonld_page"
    company = "ExampleCo"
    listing_url = "https://careers.example.com/careers/"


def job_requests(spider, body=None, headers=XML):
    [listing] = start_requests(spider)
    items, requests = call(listing, body or page("sitemap.xml"), headers=headers)
    return items, requests


def test_the_listing_is_one_request_and_obeys_robots_txt():
    [request] = start_requests(make_spider(SitemapSpider))
    assert request.url == "https://careers.example.com/sitemap.xml"
    [local] = start_requests(make_spider(SitemapSpider, base_url="http://127.0.0.1:8899"))
    assert local.url == "http://127.0.0.1:8899/sitemap.xml"
    assert SitemapSpider.robots_txt == "obey"


def test_sitemap_job_urls_become_job_page_requests_keyed_by_path():
    spider = make_spider(SitemapSpider)
    items, requests = job_requests(spider)
    assert items == []
    # /about is not a job page; utm_* parameters are dropped, other parameters kept.
    assert [(r.url, r.cb_kwargs["external_id"]) for r in requests] == [
        ("https://careers.example.com/jobs/rnd-4471-senior-devops-engineer", "/jobs/rnd-4471-senior-devops-engineer"),
        ("https://careers.example.com/jobs/rnd-4470-backend-engineer-haifa?lang=en",
         "/jobs/rnd-4470-backend-engineer-haifa?lang=en"),
        ("https://careers.example.com/jobs/sal-2011-account-executive-new-york",
         "/jobs/sal-2011-account-executive-new-york"),
    ]
    assert all(r.errback == spider.detail_failed for r in requests)


def test_a_sitemap_index_is_followed_up_to_max_sitemaps():
    class OneChild(SitemapSpider):
        max_sitemaps = 2

    spider = make_spider(SitemapSpider, base_url="http://127.0.0.1:8899")
    _, requests = job_requests(spider, page("sitemap-index.xml"))
    assert [r.url for r in requests] == ["http://127.0.0.1:8899/sitemap-jobs-1.xml", "http://127.0.0.1:8899/sitemap-jobs-2.xml"]
    assert all(r.callback == spider.parse_listing and r.errback == spider.listing_failed for r in requests)
    capped = make_spider(OneChild)
    _, requests = job_requests(capped, page("sitemap-index.xml"))
    assert len(requests) == 1 and "max_sitemaps=2" in capped.incomplete_reasons[0]


def test_job_page_to_item():
    spider = make_spider(SitemapSpider)
    _, [devops, *_] = job_requests(spider)
    [item], _ = call(devops, page("job-rnd-4471.html"), headers=HTML)
    assert dict(item) == {
        "company": "example_jsonld",
        "external_id": "/jobs/rnd-4471-senior-devops-engineer",
        "title": "מהנדס/ת DevOps בכיר/ה",
        "url": "https://careers.example.com/jobs/rnd-4471-senior-devops-engineer",
        "location": "Herzliya, Tel Aviv District, IL",
        "locations": ["Herzliya, Tel Aviv District, IL"],
        "country": "IL",
        "employment_type": "FULL_TIME",
        "workplace_type": None,
        "remote": None,
        "description_html": "<p>הצטרפו לצוות התשתיות בהרצליה.</p><ul><li>Kubernetes</li><li>Terraform</li></ul>",
        "posted_at_raw": "2026-01-08",
        "extra_metadata": {"identifier": "RND-4471", "hiring_organization": "ExampleCo",
                           "valid_through": "2026-03-08T23:59"},
        "listing_fingerprint": devops.cb_kwargs["listing_fingerprint"],
    }


def test_job_page_quirks_graph_cdata_missing_comma_double_escaping_and_page_title():
    spider = make_spider(SitemapSpider, base_url="http://127.0.0.1:8899")
    _, [_, haifa, remote] = job_requests(spider)
    [item], _ = call(haifa, page("job-graph.html"), headers=HTML)
    assert item["url"] == "https://careers.example.com/jobs/rnd-4470-backend-engineer-haifa?lang=en"  # not the local host
    assert item["title"] == "Backend Engineer"  # no title in the JSON-LD: the page title without " - ExampleCo"
    assert item["description_html"] == "<p>Build APIs &amp; data pipelines in Haifa.</p>"
    assert (item["location"], item["country"], item["employment_type"]) == ("Haifa, Israel", None, "FULL_TIME, CONTRACTOR")
    assert item["posted_at_raw"] == "2026-01-06"
    assert item["extra_metadata"]["base_salary"]["value"]["minValue"] == 30000
    [item], _ = call(remote, page("job-remote.html"), headers=HTML)
    assert (item["title"], item["workplace_type"], item["remote"], item["country"]) == (
        "Account Executive & Partnerships", "Remote", True, "US")
    assert item["extra_metadata"]["identifier"] == "SAL-2011"


def test_a_page_without_a_job_posting_is_a_closed_job_and_an_unreadable_one_keeps_it_seen():
    spider = make_spider(SitemapSpider)
    spider.known_listings = {"/jobs/rnd-4471-senior-devops-engineer": "old",
                             "/jobs/rnd-4470-backend-engineer-haifa?lang=en": "old"}
    _, [devops, haifa, _] = job_requests(spider)
    assert call(devops, page("job-closed.html"), headers=HTML) == ([], [])
    assert spider.gone_external_ids == {"/jobs/rnd-4471-senior-devops-engineer"}
    [kept], _ = call(haifa, page("job-broken.html"), headers=HTML)
    assert (kept["external_id"], kept["seen_only"]) == ("/jobs/rnd-4470-backend-engineer-haifa?lang=en", True)
    assert spider.crawler.stats.get_value("jobscraper/errors/detail_unusable") == 1


def test_only_new_pages_or_a_changed_lastmod_are_fetched():
    first = make_spider(SitemapSpider)
    _, requests = job_requests(first)
    fingerprints = {r.cb_kwargs["external_id"]: r.cb_kwargs["listing_fingerprint"] for r in requests}
    spider = make_spider(SitemapSpider)
    spider.known_listings = {**fingerprints, "/jobs/rnd-4470-backend-engineer-haifa?lang=en": "an older lastmod"}
    items, requests = job_requests(spider)
    assert sorted(item["external_id"] for item in items if item["seen_only"]) == [
        "/jobs/rnd-4471-senior-devops-engineer", "/jobs/sal-2011-account-executive-new-york"]
    assert [r.cb_kwargs["external_id"] for r in requests] == ["/jobs/rnd-4470-backend-engineer-haifa?lang=en"]


def test_job_pages_are_capped_by_max_job_pages():
    class TwoPages(SitemapSpider):
        max_job_pages = 2

    spider = make_spider(TwoPages)
    _, requests = job_requests(spider)
    assert len(requests) == 2 and "max_job_pages=2" in spider.incomplete_reasons[0]


def test_careers_page_links_to_job_pages_once_each():
    spider = make_spider(CareersPageSpider)
    _, requests = job_requests(spider, page("careers.html"), HTML)
    # Home, the careers page itself, About, LinkedIn and mailto are not job pages.
    assert [r.url for r in requests] == [
        "https://careers.example.com/careers/rnd-4471-senior-devops-engineer",
        "https://careers.example.com/careers/rnd-4470-backend-engineer-haifa",
    ]


def test_a_link_pattern_picks_the_job_pages():
    class Patterned(CareersPageSpider):
        job_url_pattern = r"/careers/rnd-\d+-"

    spider = make_spider(Patterned)
    _, requests = job_requests(spider, page("careers.html"), HTML)
    assert [r.cb_kwargs["external_id"] for r in requests] == [
        "/careers/rnd-4471-senior-devops-engineer", "/careers/rnd-4470-backend-engineer-haifa"]


def test_job_postings_embedded_in_the_careers_page_are_items():
    class EmbeddedSpider(CareersPageSpider):
        listing_url = "https://www.examplevc.com/open-positions/"

    spider = make_spider(EmbeddedSpider)
    items, requests = job_requests(spider, page("careers-embedded.html"), HTML)
    assert requests == []
    assert [(i["external_id"], i["title"], i["url"], i["location"]) for i in items] == [
        ("/open-positions/vp-rnd", "VP R&D", "https://www.examplevc.com/open-positions/vp-rnd", "Tel Aviv, IL"),
        ("HS-1", "Head of Sales", "https://www.examplevc.com/open-positions/", "Tel Aviv, Israel"),
    ]
    assert items[0]["extra_metadata"]["hiring_organization"] == "PortfolioCo"
    assert spider.crawler.stats.get_value("jobscraper/errors/posting_without_id") == 1


def test_a_host_that_reserves_text_and_data_mining_is_not_crawled():
    spider = make_spider(SitemapSpider)
    [listing] = start_requests(spider)
    assert call(listing, page("sitemap.xml"), headers={**XML, "tdm-reservation": "1"}) == ([], [])
    assert "reserves text-and-data mining" in spider.incomplete_reasons[0]
    spider = make_spider(CareersPageSpider)
    meta = b'<html><head><meta name="tdm-reservation" content="1"></head><body><a href="/careers/x">x</a></body></html>'
    assert job_requests(spider, meta, HTML) == ([], [])


@pytest.mark.parametrize("body", ['{"jobs": []}', "plain text"])
def test_a_listing_that_is_neither_sitemap_nor_page_marks_the_crawl_incomplete(body):
    spider = make_spider(SitemapSpider)
    assert job_requests(spider, body, {"Content-Type": "text/plain"}) == ([], [])
    assert len(spider.incomplete_reasons) == 1


def test_missing_configuration_names_the_attribute():
    class Broken(JsonLdJobsSpider):
        name = "broken"
        company = "Broken"

    with pytest.raises(SpiderConfigurationError, match="listing_url"):
        make_spider(Broken)


def test_hebrew_pages_without_a_charset_meta_and_hebrew_links_keep_their_text():
    spider = make_spider(CareersPageSpider)
    listing = b'<html><body><a href="/careers/\xd7\x9e\xd7\xa4\xd7\xaa\xd7\x97">x</a></body></html>'
    _, [request] = job_requests(spider, listing, HTML)
    assert request.cb_kwargs["external_id"] == "/careers/%D7%9E%D7%A4%D7%AA%D7%97"
    body = ('<html><head><script type="application/ld+json">{"@type": "JobPosting", "title": "מפתח/ת",'
            ' "jobLocation": {"address": {"addressLocality": "חיפה", "addressCountry": "ישראל"}}}</script></head></html>')
    [item], _ = call(request, body.encode("utf-8"), headers=HTML)
    assert (item["title"], item["location"]) == ("מפתח/ת", "חיפה, ישראל")
