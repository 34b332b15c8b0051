"""429 storms and robots.txt: the host is left alone when it asks to be."""

from __future__ import annotations

import pytest

from dbcheck import sessions
from faultfixtures import active_ids, db, fault_pg, fault_server, pg, runner, scenario  # noqa: F401
from greenhouse_format import WIZ_PATH, board, greenhouse_job
from worlds import SR_PATH, SR_SPIDER, sr_board, sr_id

pytestmark = pytest.mark.faults

RETRY_AFTER = 2
IN_FLIGHT = 0.05  # a request already on the wire when the 429 left the server


@pytest.mark.slow
@pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "jobscraper/middlewares/politeness.py process_request computes a request's start time once "
    "and sleeps until it: requests already waiting for their slot when a 429 arrives ignore the "
    "new Retry-After block and reach the host before the deadline"))
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


ROBOTS_OFF_LIMITS = "User-agent: *\nDisallow: /v1/boards/\n"
JOBS = [greenhouse_job(n) for n in range(1, 6)]


def robots_day2(server, runner, *args):
    server.add(WIZ_PATH, board(*JOBS))
    assert runner.crawl("wiz").returncode == 0
    start = len(server.requests)
    result = runner.crawl("wiz", *args)
    return result, [r.path for r in server.requests[start:]]


def test_robots_disallowed_path_gets_no_request_and_removes_nothing(db, fault_server, runner, scenario):
    fault_server.robots(ROBOTS_OFF_LIMITS)
    result, asked = robots_day2(fault_server, runner, "-s", "ROBOTSTXT_OBEY=True")
    assert asked == ["/robots.txt"]
    assert result.returncode == 1
    session = sessions(db)[-1]
    assert session["status"] == "failed" and "incomplete listing" in session["removals_skipped_reason"]
    scenario.tally(db, "wiz", {str(job["id"]) for job in JOBS})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "Scrapy's RobotsTxtMiddleware parses whatever body a robots.txt answer has: a 5xx robots.txt "
    "reads as 'allow everything' (RFC 9309 section 2.3.1.4 says: assume complete disallow)"))
def test_robots_txt_answering_5xx_keeps_the_host_uncrawled(db, fault_server, runner, scenario):
    fault_server.robots("<html><body>500 Internal Server Error</body></html>", status=500)
    result, asked = robots_day2(fault_server, runner, "-s", "ROBOTSTXT_OBEY=True")
    scenario.tally(db, "wiz", {str(job["id"]) for job in JOBS})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)
    assert WIZ_PATH not in asked
    assert result.returncode == 1


@pytest.mark.xfail(strict=True, raises=AssertionError, reason=(
    "policy open: jobscraper/settings.py sets ROBOTSTXT_OBEY = False for every platform, so a "
    "robots.txt that disallows a path is never read"))
def test_robots_policy_of_the_default_settings(db, fault_server, runner):
    fault_server.robots(ROBOTS_OFF_LIMITS)
    _, asked = robots_day2(fault_server, runner)
    assert WIZ_PATH not in asked
