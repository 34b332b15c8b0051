"""Health findings from crawl histories: each kind raised when it should be, and only then."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from jobscraper.monitoring.findings import (
    ADVERTISED_STAT, CRITICAL, LISTED_STAT, WARNING, CompanyHistory, Crawl, find, summary,
)

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc)


def day(n: int) -> datetime:
    """``n`` days before NOW, at the daily crawl's hour."""
    return NOW - timedelta(days=n, hours=1)


def crawl(days_ago: int, seen: int = 100, status: str = "completed", **kwargs) -> Crawl:
    return Crawl(status=status, started_at=day(days_ago), items_seen=seen, **kwargs)


def kinds(*crawls: Crawl, held: int = 0, first: datetime | None = None) -> dict[str, tuple[str, str]]:
    history = CompanyHistory("wiz", list(crawls), held_removals=held, first_crawl_at=first or day(30))
    return {f.kind: (f.severity, f.evidence) for f in find([history], NOW)}


def test_a_steady_board_has_no_finding():
    assert kinds(*(crawl(n, 100 + n % 3) for n in range(10))) == {}


def test_yield_drop_below_half_of_the_median_of_healthy_crawls():
    found = kinds(crawl(0, 33, status="partial"), *(crawl(n, 100) for n in range(1, 15)))
    assert found["yield_drop"][0] == WARNING
    assert "saw 33 postings" in found["yield_drop"][1] and "median of the last 14 healthy crawl(s) is 100" in found["yield_drop"][1]


def test_a_yield_at_half_the_median_is_no_drop():
    assert "yield_drop" not in kinds(crawl(0, 50), crawl(1, 100), crawl(2, 100))


def test_the_drop_is_dated_from_its_first_crawl():
    history = CompanyHistory("wiz", [crawl(0, 30), crawl(1, 31), crawl(2, 100), crawl(3, 100)], first_crawl_at=day(30))
    [finding] = [f for f in find([history], NOW) if f.kind == "yield_drop"]
    assert finding.since == day(1)


def test_an_empty_board_that_still_completes_is_a_critical_drop():
    assert kinds(crawl(0, 0), crawl(1, 80))["yield_drop"][0] == CRITICAL


def test_advertised_more_than_listed():
    found = kinds(crawl(0, 3, stats={ADVERTISED_STAT: 10, LISTED_STAT: 3}))
    assert found["advertised_gap"] == (WARNING, "the platform advertised 10 postings; the crawl listed 3")
    assert "advertised_gap" not in kinds(crawl(0, 10, stats={ADVERTISED_STAT: 10, LISTED_STAT: 10}))


def test_blank_descriptions_jump():
    blank = crawl(0, 10, written=10, blank={"description": 10})
    before = crawl(1, 10, written=10, blank={"description": 0})
    severity, evidence = kinds(blank, before)["blank_fields"]
    assert severity == WARNING and "description empty in 100% of 10 postings parsed" in evidence and "(was 0%)" in evidence


def test_blank_fields_that_were_always_blank_are_no_jump():
    assert "blank_fields" not in kinds(crawl(0, 10, written=10, blank={"date": 10}),
                                       crawl(1, 10, written=10, blank={"date": 9}))


def test_blank_fields_persist_through_crawls_that_write_nothing():
    found = kinds(crawl(0, 10), crawl(1, 10, written=10, blank={"location": 8}), crawl(2, 10, written=10))
    assert "location empty in 80%" in found["blank_fields"][1]


@pytest.mark.parametrize(("reason", "kind"), [
    ("incomplete listing: listing at http://x/jobs is not JSON (text/html; charset=utf-8): Expecting value",
     "bot wall (an HTML page answered 200 where JSON was expected)"),
    ("incomplete listing: listing request failed: http://x/jobs: HTTP 403", "HTTP 403"),
    ("incomplete listing: listing request failed: http://x/jobs: HTTP 429", "HTTP 429"),
])
def test_blocked_listings_are_classified(reason, kind):
    severity, evidence = kinds(crawl(0, 0, status="failed", reason=reason), crawl(1))["blocked"]
    assert severity == WARNING and evidence == f"{kind} on the listing in 1 consecutive crawl(s)"


def test_blocked_twice_in_a_row_is_critical():
    reason = "incomplete listing: listing request failed: http://x/jobs: HTTP 403"
    found = kinds(crawl(0, 0, status="failed", reason=reason), crawl(1, 0, status="failed", reason=reason), crawl(2))
    assert found["blocked"][0] == CRITICAL


def test_no_completed_crawl_for_two_days_is_stale():
    found = kinds(crawl(0, 0, status="failed", reason="x"), crawl(3))
    assert found["stale_crawl"][0] == CRITICAL
    assert "stale_crawl" not in kinds(crawl(1))
    assert kinds(first=day(5))["stale_crawl"][1] == "never a completed crawl"


def test_three_unhealthy_crawls_in_a_row_are_failing():
    found = kinds(*(crawl(n, 5, status="partial", reason="incomplete listing: boom") for n in range(3)), crawl(3))
    assert found["failing"] == (CRITICAL, "the last 3 crawls failed or were partial; last: incomplete listing: boom")
    assert "failing" not in kinds(crawl(0, status="partial"), crawl(1, status="partial"), crawl(2))


def test_a_held_removal_says_how_many_confirming_crawls_remain():
    reason = "saw 10 of 30 active postings, below the 50% guard (1 of 3 consecutive crawls before it is applied)"
    found = kinds(crawl(0, 10, status="partial", reason=reason), crawl(1, 30), held=1)
    assert found["held_removal"] == (WARNING, f"{reason}; 2 more confirming crawl(s) before it is applied")


def test_findings_are_ordered_critical_first_and_summarised_in_one_line():
    histories = [
        CompanyHistory("a", [crawl(0, 10), crawl(1, 100)], first_crawl_at=day(30)),
        CompanyHistory("b", [crawl(3)], first_crawl_at=day(30)),
    ]
    findings = find(histories, NOW)
    assert [(f.company, f.kind) for f in findings] == [("b", "stale_crawl"), ("a", "yield_drop")]
    assert summary(findings) == "2 finding(s), 1 critical: b stale_crawl"
    assert summary([]) == "no findings"


def test_blank_fields_stay_a_finding_while_every_crawl_parses_them_blank():
    found = kinds(crawl(0, 10, written=10, blank={"description": 10}),
                  crawl(1, 10, written=10, blank={"description": 10}),
                  crawl(2, 10, written=10))
    assert "description empty in 100% of 10 postings parsed (was 0%)" in found["blank_fields"][1]
