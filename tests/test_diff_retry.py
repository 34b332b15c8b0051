"""The database diff's write path, on a real database through a real crawl state: a batch that
meets a lost connection waits and is retried while the event loop keeps turning; a posting the
database refuses costs only itself."""

from __future__ import annotations

import asyncio
import hashlib

import pytest
from scrapy.utils.test import get_crawler
from sqlalchemy import create_engine, event
from sqlalchemy.exc import OperationalError

from dbcheck import postings
from jobscraper.crawlstate import CrawlState, attach
from jobscraper.db.migrate import upgrade
from jobscraper.db.models import utc_now
from jobscraper.db.sessions import CompanySpec, open_session, sync_companies
from jobscraper.db.thread import DatabaseThread
from jobscraper.pipelines.database_diff import DatabaseDiffPipeline
from spidertest import run_async


def item(external_id: str, title: str = "Engineer") -> dict:
    return {"external_id": external_id, "title": title, "url": f"https://x/{external_id}",
            "workplace_type": "onsite",
            "content_hash": hashlib.sha256(f"{external_id}{title}".encode("utf-8", "replace")).hexdigest()}


@pytest.fixture
def crawl(database_url):
    engine = create_engine(database_url)
    upgrade(engine)
    with engine.begin() as connection:
        company_id = sync_companies(connection, [CompanySpec("wiz", "Wiz", "greenhouse", None)])["wiz"]
        session_id = open_session(connection, company_id, "wiz", utc_now())
    crawler = get_crawler(settings_dict={"JOBSCRAPER_DB_RETRIES": 2, "JOBSCRAPER_DB_BATCH_SIZE": 2,
                                         "JOBSCRAPER_LAST_SEEN_REFRESH_HOURS": 72})
    crawler.stats.open_spider()
    state = CrawlState(engine=engine, database=DatabaseThread("wiz"), company_id=company_id,
                       session_id=session_id, started_at=utc_now(), active_before=0, held_before=0)
    attach(crawler, state)
    yield crawler, state, engine
    state.database.close()
    engine.dispose()


def fail_first_inserts(engine, times: int = 1) -> list[str]:
    """The first ``times`` upserts of postings meet a dropped connection."""
    inserts: list[str] = []

    def before(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("INSERT INTO JOB_POSITIONS"):
            inserts.append(statement)
            if len(inserts) <= times:
                raise OperationalError(statement, {}, Exception("server closed the connection unexpectedly"))

    event.listen(engine, "before_cursor_execute", before)
    return inserts


def test_the_wait_before_a_retry_leaves_the_event_loop_running(crawl, database_url):
    crawler, state, engine = crawl
    inserts = fail_first_inserts(engine)
    pipeline = DatabaseDiffPipeline(crawler)

    async def run() -> int:
        ticks = 0

        async def heartbeat() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.05)
                ticks += 1

        beating = asyncio.ensure_future(heartbeat())
        await pipeline.process_item(item("1"))
        await pipeline.process_item(item("2"))  # a full batch: fails once, waits 1 s, is retried
        beating.cancel()
        return ticks

    ticks = run_async(run())
    assert len(inserts) == 2 and ticks >= 10  # the loop kept turning through the one-second wait
    assert set(postings(database_url)) == {"1", "2"} and "1" in state.seen and "2" in state.seen
    assert crawler.stats.get_value("jobscraper/jobs/new") == 2 and state.item_errors == 0


def test_items_arriving_during_the_wait_go_in_the_next_batch(crawl, database_url):
    crawler, state, engine = crawl
    fail_first_inserts(engine)
    pipeline = DatabaseDiffPipeline(crawler)

    async def run() -> None:
        first = asyncio.ensure_future(asyncio.gather(pipeline.process_item(item("1")),
                                                     pipeline.process_item(item("2"))))
        await asyncio.sleep(0.2)  # the first batch has failed and is waiting to retry
        await asyncio.gather(pipeline.process_item(item("3")), pipeline.process_item(item("4")))
        await first
        await pipeline.close_spider()

    run_async(run())
    stored = postings(database_url)
    assert set(stored) == {"1", "2", "3", "4"}
    assert stored["1"]["id"] < stored["3"]["id"]  # the retried batch was written first
    assert crawler.stats.get_value("jobscraper/jobs/new") == 4


# What each database cannot store: PostgreSQL refuses a NUL in text, SQLite's driver a lone surrogate.
POISON = {"postgresql": "Engineer\x00", "sqlite": "Engineer \ud800"}


def test_a_refused_posting_costs_only_itself_and_stays_seen(crawl, database_url):
    crawler, state, engine = crawl
    crawler.settings.frozen = False
    pipeline = DatabaseDiffPipeline(crawler)
    pipeline.batch_size = 500
    poison = POISON[engine.dialect.name]
    run_async(pipeline.process_item(item("7", "Engineer 7")))
    run_async(pipeline.close_spider())  # stored on day 1

    day2 = [item(str(n), f"Engineer {n}") for n in range(20)]
    day2[7] = item("7", poison)
    for entry in day2:
        run_async(pipeline.process_item(entry))
    run_async(pipeline.close_spider())

    stored = postings(database_url)
    assert set(stored) == {str(n) for n in range(20)}
    assert stored["7"]["title"] == "Engineer 7"  # the stored version is kept
    assert all(str(n) in state.seen for n in range(20))
    assert state.item_errors == 1 and crawler.stats.get_value("jobscraper/errors/item_write") == 1
    assert crawler.stats.get_value("jobscraper/jobs/new") == 20
