"""429 storms and robots.txt: the host is left alone when it asks to be."""

from __future__ import annotations

import pytest

from dbcheck import sessions
from fixtureserver import SITES_DIR
from faultfixtures import active_ids, db, fault_pg, fault_server, pg, runner, scenario  # noqa: F401
from greenhouse_format import WIZ_PATH, board, greenhouse_job
from worlds import SR_PATH, SR_SPIDER, sr_board, sr_id

pytestmark = pytest.mark.faults

RETRY_AFTER = 2
IN_FLIGHT = 0.05  # a request already on the wire when the 429 left the server


@pytest.mark.slow
def test_429_storm_with_retry_after_is_waited_out(pg, fault_server, runner, scenario):
    world = sr_board(range(10))
    world.serve(fault_server)
    throttled = {"Retry-After": str(RETRY_AFTER)}
    fault_server.add(SR_PATH, {"message": "Too many requests"}, status=429, headers=throttled,
                     query=world.page_query(1), times=3)
    for n in (1, 2):
        fault_server.add(f"{SR_PATH}/{sr_id(n)}", {"message": "Too many requests"}, status=429,
                         headers=throttled, times=1)
    result = runner.crawl(SR_SPIDER, fast=False)  # production politeness settings

    assert result.returncode == 0, result.stderr[-2000:]
    assert sessions(pg, SR_SPIDER)[-1]["status"] == "completed"
    answered_429 = [r.at for r in fault_server.requests
                    if r.path == SR_PATH and r.query.get("offset") == "5"][:3]
    answered_429 += [fault_server.requests_to(f"{SR_PATH}/{sr_id(n)}")[0].at for n in (1, 2)]
    early = [(round(r.at - t, 3), r.path) for t in answered_429 for r in fault_server.requests
             if t + IN_FLIGHT < r.at < t + RETRY_AFTER]
    assert early == [], "requests sent to the host before its Retry-After deadline"
    scenario.tally(pg, SR_SPIDER, world.ids)
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)


ROBOTS_OFF_LIMITS = "User-agent: *\nDisallow: /en/\nDisallow: /v1/boards/\n"
FEED = "paloaltonetworks"  # an RSS feed: a careers page for crawlers, so its robots.txt is obeyed
FEED_PATH = "/en/rss"


def test_robots_disallowed_path_gets_no_request_and_removes_nothing(db, fault_server, runner, scenario):
    fault_server.load_site(SITES_DIR / FEED)
    assert runner.crawl(FEED).returncode == 0
    stored = active_ids(db, FEED)
    fault_server.robots(ROBOTS_OFF_LIMITS)
    start = len(fault_server.requests)
    result = runner.crawl(FEED)
    asked = [r.path for r in fault_server.requests[start:]]
    assert asked == ["/robots.txt"]
    assert result.returncode == 1
    session = sessions(db, FEED)[-1]
    assert session["status"] == "failed" and "incomplete listing" in session["removals_skipped_reason"]
    assert session["stats"]["jobscraper/robots/forbidden"] == 1
    scenario.tally(db, FEED, stored)
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)


def test_robots_txt_answering_5xx_keeps_the_host_uncrawled(db, fault_server, runner, scenario):
    fault_server.load_site(SITES_DIR / FEED)
    assert runner.crawl(FEED).returncode == 0
    stored = active_ids(db, FEED)
    fault_server.robots("<html><body>500 Internal Server Error</body></html>", status=500)
    start = len(fault_server.requests)
    result = runner.crawl(FEED)
    asked = [r.path for r in fault_server.requests[start:]]
    scenario.tally(db, FEED, stored)
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)
    assert FEED_PATH not in asked and "/robots.txt" in asked
    assert result.returncode == 1
    session = sessions(db, FEED)[-1]
    assert "robots.txt unreachable (HTTP 500)" in session["removals_skipped_reason"]
    assert "forbidden by robots.txt" not in result.stdout + result.stderr
    assert session["stats"]["jobscraper/robots/unreachable"] == 1


def test_robots_policy_obeys_pages_and_feeds_not_job_board_apis(db, fault_server, runner):
    fault_server.robots(ROBOTS_OFF_LIMITS)
    fault_server.load_site(SITES_DIR / FEED)
    fault_server.add(WIZ_PATH, board(*JOBS))
    feed = runner.crawl(FEED)
    api = runner.crawl("wiz")
    asked = [r.path for r in fault_server.requests]
    assert FEED_PATH not in asked and feed.returncode == 1
    assert WIZ_PATH in asked and api.returncode == 0  # Greenhouse's Job Board API is for job boards
    assert "/robots.txt" in asked


JOBS = [greenhouse_job(n) for n in range(1, 6)]
