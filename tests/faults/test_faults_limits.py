"""Limits on what a server can make a crawl do: pagination that never ends, a count of millions."""

from __future__ import annotations

import json
import time

import pytest

from dbcheck import sessions
from faultfixtures import active_ids, db, fault_pg, fault_server, log_lines, pg, runner, scenario  # noqa: F401
from fixtureserver import SITES_DIR
from worlds import SR_PATH, SR_SPIDER, sr_board, sr_row

pytestmark = pytest.mark.faults


def test_a_board_that_always_offers_a_next_page_stops_at_the_cap(db, fault_server, runner, scenario):
    board = sr_board(range(12))
    board.serve(fault_server)
    assert runner.crawl(SR_SPIDER).returncode == 0
    listed = board.ids

    # The same rows on every page, whatever the offset, and always a million more to come.
    fault_server.add(SR_PATH, {"offset": 0, "limit": 100, "totalFound": 1_000_000,
                               "content": [sr_row(n) for n in range(11)]},
                     query={"country": "il"}, content_type="application/json;charset=UTF-8")
    fault_server.requests.clear()
    started = time.monotonic()
    result = runner.crawl(SR_SPIDER, "-s", 'JOBSCRAPER_MAX_LISTING_PAGES={"smartrecruiters": 100}')
    seconds = time.monotonic() - started

    pages = fault_server.requests_to(SR_PATH)
    scenario.tally(db, SR_SPIDER, listed)
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)
    assert result.returncode == 3, result.stderr[-2000:]
    session = sessions(db, SR_SPIDER)[-1]
    assert session["status"] == "partial" and session["jobs_removed"] == 0
    assert "pagination cap" in session["removals_skipped_reason"]
    assert log_lines(result.stderr, "crawl incomplete: stopped at the pagination cap") == 1
    assert len(pages) == 100 and seconds < 120
    assert active_ids(db, SR_SPIDER) == listed  # the twelfth, no longer listed, is not removed either


def test_a_search_counting_two_million_positions_is_read_a_few_pages_at_a_time(db, fault_server, runner, scenario):
    fault_server.load_sites(only=["nvidia"])
    assert runner.crawl("nvidia").returncode == 0
    listed = active_ids(db, "nvidia")
    assert listed

    search = json.loads((SITES_DIR / "nvidia" / "search.json").read_text("utf-8"))
    search["data"]["count"] = 2_000_000
    fault_server.add("/api/pcsx/search", search, query={"domain": "nvidia.com"})
    fault_server.requests.clear()
    returncode, output, peak_rss_mb = runner.crawl_measuring_memory(
        "nvidia", "-s", 'JOBSCRAPER_MAX_LISTING_PAGES={"eightfold": 100}')

    searches = [r for r in fault_server.requests if r.path == "/api/pcsx/search"]
    scenario.tally(db, "nvidia", listed)
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)
    assert returncode == 3, output[-2000:]
    session = sessions(db, "nvidia")[-1]
    assert session["status"] == "partial" and session["jobs_removed"] == 0
    assert "pagination cap" in session["removals_skipped_reason"]
    assert log_lines(output, "crawl incomplete: stopped at the pagination cap") == 1
    assert len(searches) == 100  # not 200,000 pages
    assert peak_rss_mb < 300  # 768 MB when every page was enqueued at once
