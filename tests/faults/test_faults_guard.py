"""The removal guard under faults: a markup change, a board that shrinks, bad items."""

from __future__ import annotations

import json

import pytest

from dbcheck import postings, sessions
from faultfixtures import active_ids, db, fault_pg, fault_server, log_lines, pg, runner, scenario  # noqa: F401
from fixtureserver import SITES_DIR
from greenhouse_format import WIZ_PATH, board, greenhouse_job
from worlds import SR_SPIDER, SmartRecruitersBoard, sr_board, sr_id, sr_row

pytestmark = pytest.mark.faults

# A redesigned page still answers 200, but what the parser looks for is gone.
MARKUP_CHANGES = {
    "monday": lambda body: body.replace(b"COMPANY_POSITIONS_DATA", b"COMPANY_POSITIONS_STATE"),
    "google": lambda body: body.replace(b"ds:1", b"ds:7"),
    "paloaltonetworks": lambda body: b"<!doctype html><html><body><h1>Careers</h1><div id=app></div></body></html>",
}


def changed_markup(server, site: str) -> None:
    for route in json.loads((SITES_DIR / site / "routes.json").read_text("utf-8")):
        body = MARKUP_CHANGES[site]((SITES_DIR / site / route["file"]).read_bytes())
        server.add(route["path"], body, query=route.get("query"),
                   content_type=route.get("content_type") or "text/html; charset=utf-8")


def test_markup_change_fails_the_crawl_and_removes_nothing(db, fault_server, runner, scenario):
    companies = sorted(MARKUP_CHANGES)
    fault_server.load_sites(only=companies)
    args = [arg for company in companies for arg in ("--company", company)]
    day1 = runner.scrapy("crawlall", *args, "-a", f"base_url={fault_server.base_url}")
    assert day1.returncode == 0, day1.stderr[-2000:]
    before = {company: active_ids(db, company) for company in companies}
    assert all(before.values())

    for company in companies:
        changed_markup(fault_server, company)
    day2 = runner.scrapy("crawlall", *args, "-a", f"base_url={fault_server.base_url}")

    assert day2.returncode != 0
    for company in companies:
        session = sessions(db, company)[-1]
        assert (session["status"], session["items_seen"], session["jobs_removed"]) == ("failed", 0, 0)
        assert "incomplete listing" in session["removals_skipped_reason"]
        scenario.tally(db, company, before[company])
        assert (scenario.wrongly_removed, scenario.lost) == (0, 0)
    assert "Traceback" not in day2.stderr


BOARD = [greenhouse_job(300 + n, f"Engineer {n}") for n in range(20)]


def test_thirty_percent_gone_is_blocked_and_reported(db, fault_server, runner, scenario):
    fault_server.add(WIZ_PATH, board(*BOARD))
    assert runner.crawl("wiz").returncode == 0
    fault_server.add(WIZ_PATH, board(*BOARD[:14]))
    result = runner.crawl("wiz")
    scenario.tally(db, "wiz", {str(job["id"]) for job in BOARD})
    session = sessions(db)[-1]
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)
    assert result.returncode == 3
    assert session["status"] == "partial" and session["removals_skipped"]
    assert "saw 14 of 20" in session["removals_skipped_reason"]
    assert log_lines(result.stderr, "removals skipped for wiz: saw 14 of 20") == 1


def test_five_percent_gone_is_applied(db, fault_server, runner, scenario):
    fault_server.add(WIZ_PATH, board(*BOARD))
    assert runner.crawl("wiz").returncode == 0
    fault_server.add(WIZ_PATH, board(*BOARD[1:]))
    result = runner.crawl("wiz")
    assert result.returncode == 0, result.stderr[-2000:]
    session = sessions(db)[-1]
    assert (session["status"], session["jobs_removed"], session["removals_skipped"]) == ("completed", 1, False)
    stored = postings(db)
    assert not stored["300"]["is_active"]
    scenario.tally(db, "wiz", {str(job["id"]) for job in BOARD[1:]})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)


def bad_items_day2():
    """Day 2 of a 10-posting board in two pages: a posting listed on both pages (the board
    shifted while it was paged), two with unparsable dates, one whose title is gone."""
    rows = [sr_row(n) for n in range(10)]
    rows[3] = sr_row(3, released="31/02/2026 25:61")
    rows[4] = sr_row(4, released="yesterday-ish")
    rows[6] = sr_row(6, title="")
    return SmartRecruitersBoard([*rows[:5], rows[2], *rows[5:]], page_size=6)


def test_duplicates_and_bad_dates_are_counted_and_logged_once(pg, fault_server, runner, scenario):
    sr_board(range(10)).serve(fault_server)
    assert runner.crawl(SR_SPIDER).returncode == 0
    day2 = bad_items_day2()
    day2.serve(fault_server)
    result = runner.crawl(SR_SPIDER)
    session = sessions(pg, SR_SPIDER)[-1]
    stats = session["stats"]
    assert stats["jobscraper/items/invalid_date"] == 2
    assert log_lines(result.stderr, "unparsable posted_at") == 1
    assert stats["jobscraper/items/invalid/missing_title"] == 1
    assert log_lines(result.stderr, "dropping postings with missing title") == 1
    stored = postings(pg, SR_SPIDER)
    assert len(stored) == 10  # the posting listed twice is stored once
    assert stored[sr_id(3)]["posted_at"] is None and stored[sr_id(3)]["is_active"]
    scenario.tally(pg, SR_SPIDER, {sr_id(n) for n in range(10) if n != 6})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)


def test_stored_posting_arriving_invalid_is_not_removed(pg, fault_server, runner, scenario):
    sr_board(range(10)).serve(fault_server)
    assert runner.crawl(SR_SPIDER).returncode == 0
    bad_items_day2().serve(fault_server)
    runner.crawl(SR_SPIDER)
    scenario.tally(pg, SR_SPIDER, {sr_id(n) for n in range(10)})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)
