"""A page's unchanged postings travel as one item: the spider middleware that gathers them, and a
steady-state day's crawl with the rows, counts and guarantees it had one item a posting."""

from __future__ import annotations

import logging

import pytest
from scrapy import Request

from dbcheck import postings, sessions
from greenhouse_format import WIZ_PATH, board, greenhouse_job as job
from jobscraper.items import JobItem
from jobscraper.middlewares.seen_listings import SeenListingsMiddleware
from spidertest import run_async


def seen(external_id: str) -> dict:
    return {"company": "wiz", "external_id": external_id, "listing_fingerprint": "f", "seen_only": True}


REQUEST = Request("https://example.com/next")
ITEM = JobItem(company="wiz", external_id="9", title="Engineer", url="https://example.com/9")
OUTPUT = [REQUEST, seen("1"), ITEM, seen("2"), seen("3")]


def ids(batch: dict) -> list[str]:
    return [entry["external_id"] for entry in batch["seen_listings"]]


def test_unchanged_postings_of_a_callback_become_items_of_at_most_the_batch_size():
    out = list(SeenListingsMiddleware(batch_size=2).process_spider_output(None, iter(OUTPUT)))
    assert out[:2] == [REQUEST, ITEM]  # requests and changed postings pass at once, in order
    assert [ids(batch) for batch in out[2:]] == [["1", "2"], ["3"]]
    assert all(batch["seen_only"] and batch["company"] == "wiz" for batch in out[2:])


def test_the_async_output_of_a_coroutine_callback_is_gathered_the_same_way():
    async def output():
        for element in OUTPUT:
            yield element

    async def gathered():
        return [element async for element in
                SeenListingsMiddleware(batch_size=500).process_spider_output_async(None, output())]

    out = run_async(gathered())
    assert out[:2] == [REQUEST, ITEM] and [ids(batch) for batch in out[2:]] == [["1", "2", "3"]]


def test_a_callback_without_unchanged_postings_yields_no_batch():
    out = list(SeenListingsMiddleware(batch_size=2).process_spider_output(None, iter([REQUEST, ITEM])))
    assert out == [REQUEST, ITEM]


BOARD = [job(10_000 + n, f"Engineer {n}", content=f"<p>Role {n}</p>") for n in range(1_200)]


@pytest.mark.slow
def test_a_steady_state_day_moves_three_items_for_twelve_hundred_unchanged_postings(database_url, server,
                                                                                    run_scrapy):
    server.add(WIZ_PATH, board(*BOARD))
    assert run_scrapy("crawl", "wiz", "-a", f"base_url={server.base_url}").returncode == 0
    day2 = [*BOARD[:1_199], job(20_000, "New role")]  # one gone, one new, 1,199 unchanged
    server.add(WIZ_PATH, board(*day2))
    result = run_scrapy("crawl", "wiz", "-a", f"base_url={server.base_url}")
    assert result.returncode == 0, result.stderr[-2000:]
    session = sessions(database_url)[-1]
    counts = (session["status"], session["items_seen"], session["jobs_new"], session["jobs_unchanged"],
              session["jobs_removed"])
    assert counts == ("completed", 1_200, 1, 1_199, 1)
    # 1,199 unchanged entries in batches of 500 (3 items) and the new posting (1 item).
    assert session["stats"]["item_scraped_count"] == 4
    assert session["stats"]["jobscraper/listings/unchanged"] == 1_199
    stored = postings(database_url)
    assert not stored[str(10_000 + 1_199)]["is_active"]
    assert sum(posting["is_active"] for posting in stored.values()) == 1_200


def test_the_debug_log_names_a_batch_by_its_size():
    from jobscraper.logformatter import QuietDropsLogFormatter
    from jobscraper.middlewares.seen_listings import seen_listings

    entry = QuietDropsLogFormatter().scraped(seen_listings([seen("1"), seen("2")]), None, object())
    assert entry["args"]["item"] == "2 unchanged postings"
    assert QuietDropsLogFormatter().scraped(ITEM, None, object())["args"]["item"] is ITEM


@pytest.mark.parametrize("settings, logged", [
    ({"LOG_LEVEL": "DEBUG"}, True), ({"LOG_LEVEL": "INFO"}, False), ({"LOG_LEVEL": "WARNING"}, False),
    ({"LOG_LEVEL": logging.DEBUG}, True), ({"LOG_LEVEL": "DEBUG", "LOG_ENABLED": False}, False),
])
def test_scraped_items_are_logged_only_where_debug_lines_are_printed(settings, logged):
    from scrapy.utils.test import get_crawler

    from jobscraper.logformatter import QuietDropsLogFormatter

    formatter = QuietDropsLogFormatter.from_crawler(get_crawler(settings_dict=settings))
    entry = formatter.scraped(ITEM, None, object())
    assert (entry is not None) == logged
    assert entry is None or entry["level"] == logging.DEBUG
