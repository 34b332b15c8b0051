"""The benchmark world is what the platform bases read: every generated board, crawled
in-process through its real platform base, gives back exactly its postings (no timings here)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from jobscraper.platforms.greenhouse import GreenhouseSpider
from jobscraper.platforms.lever import LeverSpider
from jobscraper.platforms.smartrecruiters import SmartRecruitersSpider
from spidertest import call, make_spider, start_requests
from world import Company, day2_plan, postings_of, routes_of, spider_source, spread

BASES = {"greenhouse": (GreenhouseSpider, "board_token"), "lever": (LeverSpider, "site"),
         "smartrecruiters": (SmartRecruitersSpider, "company_identifier")}


def crawl(company: Company, day: int = 1) -> tuple[list, dict[str, int]]:
    """Every item of one generated board, following paging and detail requests."""
    base, attribute = BASES[company.platform]
    spider_cls = type("WorldSpider", (base,), {"name": company.slug, "company": company.name,
                                               attribute: company.token})
    spider = make_spider(spider_cls, base_url="http://127.0.0.1:1")
    routes = list(routes_of(company, day))
    pending, items, kinds = start_requests(spider), [], {"listing": 0, "detail": 0}
    while pending:
        request = pending.pop(0)
        parts = urlsplit(request.url)
        query = dict(parse_qsl(parts.query))
        [route] = [r for r in routes if r.path == parts.path and r.query.items() <= query.items()]
        kinds[route.kind] += 1
        new_items, follow_ups = call(request, route.body.decode("utf-8"))
        items += new_items
        pending += follow_ups
    return items, kinds


@pytest.mark.parametrize("platform", sorted(BASES))
def test_each_board_reads_back_whole_with_long_hebrew_and_english_descriptions(platform):
    company = Company(7, platform, 230)
    items, kinds = crawl(company)
    assert [item["external_id"] for item in items] == [p.external_id for p in postings_of(company)]
    assert all(len(item["description_html"].encode("utf-8")) >= 1900 for item in items)  # ~2 KB
    assert any("מפתח" in item["title"] or "מהנדס" in item["title"] or "חוקר" in item["title"]
               or "מנהל" in item["title"] for item in items)
    pages = {"greenhouse": 1, "lever": 3, "smartrecruiters": 3}[platform]
    assert kinds == {"listing": pages, "detail": 230 if platform == "smartrecruiters" else 0}


def test_day_two_is_the_planned_share_of_gone_changed_and_new_postings():
    company = Company(3, "lever", 2000)
    day1 = {item["external_id"]: item["title"] for item in crawl(company, 1)[0]}
    day2 = {item["external_id"]: item["title"] for item in crawl(company, 2)[0]}
    plan = day2_plan(company)
    assert len(day1.keys() - day2.keys()) == plan.gone
    assert len(day2.keys() - day1.keys()) == plan.new == 60
    assert sum(day1[key] != day2[key] for key in day1.keys() & day2.keys()) == plan.changed
    assert (plan.gone, plan.changed) == (pytest.approx(60, abs=25), pytest.approx(100, abs=30))


def test_companies_spread_over_the_platforms_and_spiders_read_like_the_projects():
    companies = spread(100_003, 40)
    assert sum(c.postings for c in companies) == 100_003
    assert {c.platform for c in companies} == set(BASES)
    source = spider_source(companies[2])
    assert source.splitlines()[-3:] == ["    name = 'bench_sm_002'", "    company = 'Bench Company 002'",
                                        "    company_identifier = 'benchco002'"]
