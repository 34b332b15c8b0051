"""Transport and payload faults on a paged board with a detail call per posting: whatever a
listing page or a detail answers, it is counted, logged once per kind, and nothing that is
still listed gets removed."""

from __future__ import annotations

import json

import pytest

from dbcheck import postings, sessions
from faultfixtures import active_ids, fault_pg, fault_server, log_lines, pg, runner, scenario  # noqa: F401
from faultserver import big_json
from worlds import SR_PATH, SR_SPIDER, SmartRecruitersBoard, sr_board, sr_detail, sr_id, sr_row

pytestmark = pytest.mark.faults

TIMEOUT = ("-s", "DOWNLOAD_TIMEOUT=1")
CAPTCHA = ("<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
           "<form id=challenge-form><div class=g-recaptcha data-sitekey=x></div></form></body></html>")
HTML = "text/html; charset=utf-8"


def page(board: SmartRecruitersBoard, index: int) -> bytes:
    content = board.pages()[index]
    return json.dumps({"offset": index * board.page_size, "limit": 100,
                       "totalFound": len(board.rows), "content": content}).encode()


# How the second listing page answers, as FaultServer.add keyword arguments.
LISTING_FAULTS = {
    "http_500": lambda b: dict(body={"message": "Internal error"}, status=500),
    "http_502": lambda b: dict(body="<html><body>Bad gateway</body></html>", status=502, content_type=HTML),
    "timeout": lambda b: dict(body=page(b, 1), delay=2.5),
    "connection_reset": lambda b: dict(body=page(b, 1), fault="reset"),
    "cut_transfer": lambda b: dict(body=page(b, 1), fault="cut"),
    "truncated_json": lambda b: dict(body=page(b, 1)[:400]),
    "captcha_200": lambda b: dict(body=CAPTCHA, content_type=HTML),
    "binary_content_type": lambda b: dict(body=b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, content_type="image/png"),
    "payload_20mb_not_json": lambda b: dict(body=CAPTCHA + "<!-- " + "x" * (20 * 1024 * 1024) + " -->", content_type=HTML),
}


@pytest.mark.parametrize("fault", sorted(LISTING_FAULTS))
def test_broken_listing_page_removes_nothing(pg, fault_server, runner, scenario, fault):
    day1 = sr_board(range(15))
    day1.serve(fault_server)
    assert runner.crawl(SR_SPIDER).returncode == 0
    assert len(active_ids(pg, SR_SPIDER)) == 15

    day2 = SmartRecruitersBoard([sr_row(n) for n in range(3, 18)])  # 0-2 gone, 15-17 new
    day2.serve(fault_server)
    fault_server.add(SR_PATH, query=day2.page_query(1), **LISTING_FAULTS[fault](day2))
    start = len(fault_server.requests)
    result = runner.crawl(SR_SPIDER, *TIMEOUT)

    assert result.returncode in (1, 3), result.stderr[-2000:]
    session = sessions(pg, SR_SPIDER)[-1]
    assert session["status"] in ("failed", "partial") and session["jobs_removed"] == 0
    assert "incomplete listing" in session["removals_skipped_reason"]
    assert session["stats"]["jobscraper/crawl/incomplete"] == 1
    assert log_lines(result.stderr, "crawl incomplete:") == 1
    assert "Traceback" not in result.stderr
    offsets = {r.query.get("offset") for r in fault_server.requests[start:] if r.path == SR_PATH}
    assert offsets == {"0", "5"}  # the page after the broken one is never asked for
    scenario.tally(pg, SR_SPIDER, {sr_id(n) for n in range(15)}, stored={sr_id(n) for n in range(3, 8)})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)


# Answers that are odd but whole: they must be read, not refused.
TOLERATED = {
    "json_served_as_text_html": lambda b: dict(body=page(b, 1), content_type=HTML),
    "json_20mb": lambda b: dict(body=big_json(json.loads(page(b, 1)))),
}


@pytest.mark.parametrize("oddity", sorted(TOLERATED))
def test_odd_but_whole_listing_page_is_read(pg, fault_server, runner, scenario, oddity):
    sr_board(range(15)).serve(fault_server)
    assert runner.crawl(SR_SPIDER).returncode == 0
    day2 = SmartRecruitersBoard([sr_row(n) for n in range(3, 18)])
    day2.serve(fault_server)
    fault_server.add(SR_PATH, query=day2.page_query(1), **TOLERATED[oddity](day2))
    result = runner.crawl(SR_SPIDER)
    assert result.returncode == 0, result.stderr[-2000:]
    session = sessions(pg, SR_SPIDER)[-1]
    assert (session["status"], session["jobs_new"], session["jobs_removed"]) == ("completed", 3, 3)
    assert active_ids(pg, SR_SPIDER) == day2.ids
    scenario.tally(pg, SR_SPIDER, day2.ids)
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)


# How the detail of each of 4 stored postings whose listing row changed answers.
DETAIL_FAULTS = {
    "http_500": dict(body={"message": "Internal error"}, status=500),
    "timeout": dict(body={}, delay=2.5),
    "connection_reset": dict(body={}, fault="reset"),
    "cut_transfer": dict(body=b'{"id": "x", "name": "' + b"y" * 4000 + b'"}', fault="cut"),
    "truncated_json": dict(body=b'{"id": "x", "jobAd": {"sections": {'),
    "captcha_200": dict(body=CAPTCHA, content_type=HTML),
    "binary_content_type": dict(body=bytes(range(256)) * 4, content_type="application/octet-stream"),
}
CHANGED = (2, 5, 8, 11)


@pytest.mark.parametrize("fault", sorted(DETAIL_FAULTS))
def test_broken_detail_keeps_the_stored_posting(pg, fault_server, runner, scenario, fault):
    sr_board(range(15)).serve(fault_server)
    assert runner.crawl(SR_SPIDER).returncode == 0
    before = {external_id: row["content_hash"] for external_id, row in postings(pg, SR_SPIDER).items()}

    rows = [sr_row(n, f"Senior Engineer {n}") if n in CHANGED else sr_row(n) for n in range(15)]
    SmartRecruitersBoard(rows).serve(fault_server)
    for n in CHANGED:
        fault_server.add(f"{SR_PATH}/{sr_id(n)}", **DETAIL_FAULTS[fault])
    result = runner.crawl(SR_SPIDER, *TIMEOUT)

    session = sessions(pg, SR_SPIDER)[-1]
    stats = session["stats"]
    assert stats.get("jobscraper/errors/detail_failed", 0) + stats.get("jobscraper/errors/detail_unusable", 0) == 4
    assert "Traceback" not in result.stderr
    scenario.tally(pg, SR_SPIDER, {sr_id(n) for n in range(15)})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)
    assert session["jobs_removed"] == 0
    stored = postings(pg, SR_SPIDER)
    assert all(stored[sr_id(n)]["content_hash"] == before[sr_id(n)] for n in CHANGED)  # kept as they were


def test_detail_faults_are_logged_once_per_kind(pg, fault_server, runner):
    board = sr_board(range(10))
    board.serve(fault_server)
    for n in (1, 2, 3, 4):
        fault_server.add(f"{SR_PATH}/{sr_id(n)}", {"message": "Internal error"}, status=500)
    for n in (5, 6, 7, 8):
        fault_server.add(f"{SR_PATH}/{sr_id(n)}", CAPTCHA, content_type=HTML)
    result = runner.crawl(SR_SPIDER)
    stats = sessions(pg, SR_SPIDER)[-1]["stats"]
    assert (stats["jobscraper/errors/detail_failed"], stats["jobscraper/errors/detail_unusable"]) == (4, 4)
    assert log_lines(result.stderr, "detail request failed:") == 1
    assert log_lines(result.stderr, "is not JSON") == 1


def test_good_detail_after_a_storm_of_resets_is_stored(pg, fault_server, runner, scenario):
    """A detail that resets the connection three times and then answers is retried and stored."""
    board = sr_board(range(6))
    board.serve(fault_server)
    fault_server.add(f"{SR_PATH}/{sr_id(3)}", sr_detail(board.rows[3]), times=None)
    fault_server.add(f"{SR_PATH}/{sr_id(3)}", {}, fault="reset", times=3)
    result = runner.crawl(SR_SPIDER)
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(fault_server.requests_to(f"{SR_PATH}/{sr_id(3)}")) == 4
    scenario.tally(pg, SR_SPIDER, board.ids)
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)
