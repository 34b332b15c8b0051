"""A batch that meets a database error waits and is retried while the crawl goes on: the lock's
heartbeat, downloads and the next items keep running, and no item is lost or written twice."""

from __future__ import annotations

import asyncio

import pytest
from scrapy.utils.test import get_crawler
from sqlalchemy.exc import OperationalError

from jobscraper.pipelines.database_diff import DatabaseDiffPipeline


@pytest.fixture
def pipeline(monkeypatch):
    crawler = get_crawler(settings_dict={"JOBSCRAPER_DB_RETRIES": 2, "JOBSCRAPER_DB_BATCH_SIZE": 2,
                                         "JOBSCRAPER_LAST_SEEN_REFRESH_HOURS": 72})
    pipeline = DatabaseDiffPipeline(crawler)
    pipeline.writes = []

    def write(session, batch):
        pipeline.writes.append([item["external_id"] for item in batch])
        if len(pipeline.writes) == 1:
            raise OperationalError("INSERT", {}, Exception("server closed the connection unexpectedly"))

    monkeypatch.setattr(pipeline, "_session", lambda: object())
    monkeypatch.setattr(pipeline, "_write", write)
    return pipeline


def item(external_id: str) -> dict:
    return {"external_id": external_id}


def test_the_wait_before_a_retry_leaves_the_event_loop_running(pipeline):
    async def crawl() -> int:
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

    ticks = asyncio.run(crawl())
    assert pipeline.writes == [["1", "2"], ["1", "2"]]
    assert ticks >= 10  # the loop kept turning through the one-second wait


def test_items_arriving_during_the_wait_go_in_the_next_batch(pipeline):
    async def crawl() -> None:
        first = asyncio.ensure_future(asyncio.gather(pipeline.process_item(item("1")),
                                                     pipeline.process_item(item("2"))))
        await asyncio.sleep(0.2)  # the first batch has failed and is waiting to retry
        await asyncio.gather(pipeline.process_item(item("3")), pipeline.process_item(item("4")))
        await first
        await pipeline.close_spider()

    asyncio.run(crawl())
    assert pipeline.writes == [["1", "2"], ["1", "2"], ["3", "4"]]
