"""The platform contract (``jobscraper/platforms/base.py``), once for every platform base."""

from __future__ import annotations

import copy
import json
import tracemalloc

import pytest

from dbcheck import postings, sessions
from jobscraper.known import KnownListings
from jobscraper.platforms import base
from jobscraper.platforms.base import entry_fingerprint
from jobscraper.platforms.greenhouse import GreenhouseSpider
from spidertest import FIXTURES, call, make_spider, start_requests

WIZ = FIXTURES / "sites" / "wiz"
WIZ_ISRAEL = {"7010000001", "7010000002", "7010000003", "7010000004"}


class ExampleGreenhouse(GreenhouseSpider):
    name = "example_greenhouse"
    company = "Example"
    board_token = "exampleco"


def wiz_board() -> dict:
    return json.loads((WIZ / "jobs.json").read_text("utf-8"))


# --- an unchanged posting costs a hash -------------------------------------------------------

def test_a_stored_unchanged_entry_becomes_seen_only_and_a_changed_one_is_parsed():
    board = wiz_board()
    first, second = board["jobs"][:2]
    spider = make_spider(ExampleGreenhouse)
    spider.known_listings = {str(first["id"]): entry_fingerprint(first), str(second["id"]): "an older entry"}
    [request] = start_requests(spider)
    items, _ = call(request, board)
    assert items[0] == {"company": "example_greenhouse", "external_id": str(first["id"]),
                        "listing_fingerprint": entry_fingerprint(first), "seen_only": True}
    assert items[1]["title"] == second["title"] and items[1]["listing_fingerprint"] == entry_fingerprint(second)
    assert spider.crawler.stats.get_value("jobscraper/listings/unchanged") == 1


def test_full_parses_unchanged_entries_too():
    board = wiz_board()
    spider = make_spider(ExampleGreenhouse, full="1")
    spider.known_listings = {str(job["id"]): entry_fingerprint(job) for job in board["jobs"]}
    items, _ = call(start_requests(spider)[0], board)
    assert not any(item.get("seen_only") for item in items) and len(items) == len(board["jobs"])


def test_a_new_normaliser_version_parses_every_entry_again(monkeypatch):
    board = wiz_board()
    stored = {str(job["id"]): entry_fingerprint(job) for job in board["jobs"]}
    monkeypatch.setattr(base, "NORMALISER_VERSION", base.NORMALISER_VERSION + 1)
    spider = make_spider(ExampleGreenhouse)
    spider.known_listings = stored
    items, _ = call(start_requests(spider)[0], board)
    assert [item.get("seen_only") for item in items] == [None] * len(board["jobs"])


def test_the_fingerprint_covers_every_value_and_nothing_but_the_values():
    job = wiz_board()["jobs"][0]
    same = json.loads(json.dumps({"padding": [job] * 3}))["padding"][2]  # decoded elsewhere, shared
    assert entry_fingerprint(same) == entry_fingerprint(job)
    deeper = copy.deepcopy(job)
    deeper["offices"][0]["name"] += " "
    assert entry_fingerprint(deeper) != entry_fingerprint(job)
    assert entry_fingerprint({"id": 1}) != entry_fingerprint({"id": "1"})


def test_known_listings_stay_compact_and_exact():
    known = KnownListings((f"{n:08x}-id", f"fp-{n}") for n in range(50_000))
    assert len(known) == 50_000
    assert all(known.matches(f"{n:08x}-id", f"fp-{n}") for n in range(0, 50_000, 7))
    assert not any(known.matches(f"{n:08x}-id", f"fp-{n + 1}") for n in range(0, 50_000, 7))
    assert "0000002a-id" in known and "missing" not in known and 42 not in known
    known.add("0000002a-id", None)  # stored without a fingerprint: known, never unchanged
    assert "0000002a-id" in known and not known.matches("0000002a-id", "fp-42")
    assert len(known) == 50_000


def test_known_listings_hold_no_strings():
    tracemalloc.start()
    known = KnownListings((f"{n:08x}-lever-id", f"{n:032x}") for n in range(100_000))
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(known) == 100_000 and size < 100_000 * 48  # a dict of the strings: ~250 bytes each


def test_a_steady_state_day_recognises_every_stored_posting_and_a_changed_one_is_updated(
        database_url, server, run_scrapy):
    server.load_site(WIZ)
    for day in (1, 2):
        result = run_scrapy("crawl", "wiz", "-a", f"base_url={server.base_url}")
        assert result.returncode == 0, result.stderr[-2000:]
    stored = postings(database_url, "wiz")
    assert set(stored) == WIZ_ISRAEL
    by_id = {str(job["id"]): job for job in wiz_board()["jobs"]}
    assert {key: row["listing_fingerprint"] for key, row in stored.items()} == {
        key: entry_fingerprint(by_id[key]) for key in WIZ_ISRAEL}
    day2 = sessions(database_url, "wiz")[-1]
    assert (day2["jobs_new"], day2["jobs_unchanged"], day2["jobs_updated"], day2["jobs_removed"]) == (0, 4, 0, 0)
    assert day2["stats"]["jobscraper/listings/unchanged"] == 4  # none of them normalised again

    board = wiz_board()
    board["jobs"][0]["title"] = "Principal Backend Engineer"
    server.add("/v1/boards/wizinc/jobs", board, query={"content": "true"})
    result = run_scrapy("crawl", "wiz", "-a", f"base_url={server.base_url}")
    assert result.returncode == 0, result.stderr[-2000:]
    day3 = sessions(database_url, "wiz")[-1]
    assert (day3["jobs_new"], day3["jobs_unchanged"], day3["jobs_updated"], day3["jobs_removed"]) == (0, 3, 1, 0)
    assert day3["stats"]["jobscraper/listings/unchanged"] == 3
    assert postings(database_url, "wiz")["7010000001"]["title"] == "Principal Backend Engineer"
