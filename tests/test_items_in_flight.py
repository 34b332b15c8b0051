"""A crawl keeps few items in flight: a full garbage collection walks every one of them (their
coroutines, tasks and raw entries) with the reactor stopped, so their number bounds the
longest stall of every crawler in the process."""

from __future__ import annotations

import json
from pathlib import Path

from scrapy.utils.project import get_project_settings

from dbcheck import postings, sessions
from spidertest import FIXTURES, load_json

TESTS = Path(__file__).resolve().parent
PAGE_SIZE = 100
PAGES = 20
# About 4 KB a posting, as on real boards: a page is some 400 KB.
PARAGRAPH = "You will design, build and ship the perception stack of our next EyeQ generation. " * 12


def board_page(template: dict, page: int) -> list[dict]:
    return [template | {"id": f"00000000-0000-4000-8000-{page * PAGE_SIZE + n:012d}",
                        "text": f"Engineer {page * PAGE_SIZE + n}",
                        "description": f"<div>{PARAGRAPH}</div>" * 2, "descriptionPlain": PARAGRAPH * 2}
            for n in range(PAGE_SIZE)]


def test_a_big_paged_board_is_processed_a_few_pages_and_items_at_a_time(sqlite_url, server, run_scrapy, tmp_path):
    template = load_json(FIXTURES / "lever" / "mobileye-page1.json")[0]
    for page in range(PAGES):
        server.add("/v0/postings/mobileye", board_page(template, page),
                   query={"mode": "json", "skip": page * PAGE_SIZE, "limit": PAGE_SIZE})
    server.add("/v0/postings/mobileye", [], query={"mode": "json", "skip": PAGES * PAGE_SIZE, "limit": PAGE_SIZE})
    extensions = {**get_project_settings().getdict("EXTENSIONS"), "inflight.InFlightProbe": 900}
    report = tmp_path / "inflight.json"
    result = run_scrapy("crawl", "mobileye", "-a", f"base_url={server.base_url}",
                        "-s", f"EXTENSIONS={json.dumps(extensions)}",
                        # The pages as fast as the server gives them (a host's politeness off).
                        "-s", "JOBSCRAPER_HOST_MIN_INTERVAL=0", "-s", "JOBSCRAPER_HOST_CONCURRENCY=16",
                        env={"PYTHONPATH": str(TESTS), "INFLIGHT_FILE": str(report)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(postings(sqlite_url, "mobileye")) == PAGES * PAGE_SIZE
    assert sessions(sqlite_url, "mobileye")[-1]["status"] == "completed"
    in_flight = json.loads(report.read_text())
    # Pages are fetched far faster than their postings are normalised. Scrapy's defaults (100
    # items of each response at once, 5 MB of responses) let some twelve pages and a thousand
    # items pile up, and full collections of 60–100 ms; 1 MB and 10 items keep a few of each.
    assert in_flight["most_responses"] <= 4
    assert in_flight["most_items"] <= 40
