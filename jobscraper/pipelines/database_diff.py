"""Database diff: classify each posting against the stored ones and write them in batches.

Per batch: one read of what is stored of the batch's postings, one upsert (new, updated,
reactivated), one ``last_seen_at`` update (unchanged postings whose ``last_seen_at`` is older
than ``JOBSCRAPER_LAST_SEEN_REFRESH_HOURS``; the others are not written at all) and one insert
of events: the number of statements grows with the number of batches, never with the number of
items. Batches are written on the crawl's database thread, one at a time and in order; the
external ids of a committed batch become seen in the crawl state (``jobscraper.crawlstate``).

A batch the database refuses (a value it cannot store) is split in halves until the failing
posting is alone: the others are written, that one is an item error, keeps its stored version
and counts as seen. A lost connection is retried as a whole after a wait.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from jobscraper.crawlstate import WRITTEN_OUTCOMES, CrawlState, state_of
from jobscraper.db.engine import first_line
from jobscraper.db.models import utc_now
from jobscraper.db.boards import adopt_board_postings, write_board_batch
from jobscraper.db.postings import BatchResult, load_known, write_batch
from jobscraper.items import JobItem
from jobscraper.middlewares.seen_listings import entries_of

logger = logging.getLogger(__name__)


def is_connection_error(exc: BaseException) -> bool:
    """The database went away (or no connection was free): the batch is retried as a whole.
    Anything else is the database refusing a value of the batch."""
    if isinstance(exc, (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


class DatabaseDiffPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.batch_size = crawler.settings.getint("JOBSCRAPER_DB_BATCH_SIZE")
        self.retries = crawler.settings.getint("JOBSCRAPER_DB_RETRIES")
        self.last_seen_refresh = timedelta(hours=crawler.settings.getfloat("JOBSCRAPER_LAST_SEEN_REFRESH_HOURS"))
        self.buffer: list[dict[str, Any]] = []
        self.failed = False
        self.writing = asyncio.Lock()
        self.logged_refusal = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatabaseDiffPipeline:
        return cls(crawler)

    async def process_item(self, item: JobItem) -> JobItem:
        entries = entries_of(item)
        if entries is not None:
            self.buffer.extend(entries)
        else:
            self.buffer.append(dict(item))
        if len(self.buffer) >= self.batch_size:
            await self.flush()
        return item

    async def close_spider(self) -> None:
        if self.buffer:
            await self.flush()

    async def flush(self) -> None:
        # One batch at a time: items that arrive while a batch waits to retry join the next one.
        async with self.writing:
            batch, self.buffer = self.buffer, []
            state = state_of(self.crawler)
            if not batch:
                return
            if state is None or self.failed:
                self._not_written(len(batch))
                return
            pending = [batch]
            attempt = 0
            while pending:
                chunk = pending.pop()
                try:
                    result = await state.database.run(self._write, state, chunk)
                except Exception as exc:  # noqa: BLE001 - any refusal of a value costs only its row
                    if not is_connection_error(exc):
                        if len(chunk) > 1:
                            middle = len(chunk) // 2
                            pending += [chunk[middle:], chunk[:middle]]
                        else:
                            self._refused(state, chunk[0], exc)
                        continue
                    pending.append(chunk)
                    if attempt == self.retries:
                        self._give_up(exc, sum(len(c) for c in pending))
                        return
                    delay = 2**attempt
                    attempt += 1
                    logger.warning("database error, retrying in %ss: %s", delay, first_line(exc))
                    # Not time.sleep: the crawl lock's heartbeat must keep running to take the
                    # lock again after a database restart, before another crawl can.
                    await asyncio.sleep(delay)
                else:
                    self._committed(state, chunk, result)

    def _write(self, state: CrawlState, batch: list[dict[str, Any]]) -> BatchResult:
        """On the crawl's database thread: one transaction for the batch. A VC board's batch goes
        to the employers' postings; a direct batch first adopts the board postings of its roles."""
        now = utc_now()
        with state.engine.begin() as connection:
            if state.board:
                return self._write_board(connection, state, batch, now)
            adopted = adopt_board_postings(connection, state.company_id, batch,
                                           session_id=state.session_id, now=now)
            if adopted:
                self.stats.inc_value("jobscraper/boards/adopted", adopted)
            known = load_known(connection, state.company_id,
                               [item["external_id"] for item in batch if not item.get("seen_only")])
            return write_batch(connection, company_id=state.company_id, session_id=state.session_id,
                               items=batch, known=known, now=now,
                               last_seen_refresh=self.last_seen_refresh)

    def _write_board(self, connection: Connection, state: CrawlState, batch: list[dict[str, Any]],
                     now: datetime) -> BatchResult:
        """A VC board's batch: postings go to their employers, counts are the board's listings."""
        result, linked = write_board_batch(connection, board_id=state.company_id, session_id=state.session_id,
                                           items=batch, now=now, last_seen_refresh=self.last_seen_refresh)
        if linked:
            self.stats.inc_value("jobscraper/boards/linked_to_direct", linked)
        return result

    def _committed(self, state: CrawlState, batch: list[dict[str, Any]], result: BatchResult) -> None:
        for item in batch:
            state.seen.add(item["external_id"])
        for name in WRITTEN_OUTCOMES:
            value = getattr(result, name)
            if value:
                state.outcomes[name] += value
                self.stats.inc_value(f"jobscraper/jobs/{name}", value)
        self.stats.inc_value("jobscraper/jobs/seen", sum(getattr(result, name) for name in WRITTEN_OUTCOMES))

    def _refused(self, state: CrawlState, item: dict[str, Any], exc: Exception) -> None:
        state.item_failed(item.get("external_id"))
        self.stats.inc_value("jobscraper/errors/item_write")
        if not self.logged_refusal:
            self.logged_refusal = True
            logger.error("the database refused posting %s (its stored version is kept; further ones "
                         "are counted in jobscraper/errors/item_write): %s: %s", item.get("external_id"),
                         type(exc).__name__, first_line(exc)[:200])

    def _not_written(self, count: int) -> None:
        """Items that reached the diff after the crawl stopped writing: never silently lost."""
        self.stats.inc_value("jobscraper/items/not_written", count)
        state = state_of(self.crawler)
        if state is not None:
            state.outcomes["error"] += count

    def _give_up(self, exc: Exception, lost: int) -> None:
        self.failed = True
        self.stats.inc_value("jobscraper/errors/database")
        self._not_written(lost)
        logger.error("database write failed, stopping the crawl (%d postings not written): %s",
                     lost, first_line(exc))
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="database_error"))
