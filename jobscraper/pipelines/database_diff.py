"""Database diff: classify each posting against the stored ones and write them in batches.

Per batch: one read of what is stored of the batch's postings, one upsert (new, updated,
reactivated), one ``last_seen_at`` update (unchanged postings whose ``last_seen_at`` is older
than ``JOBSCRAPER_LAST_SEEN_REFRESH_HOURS``; the others are not written at all) and one insert
of events: the number of statements grows with the number of batches, never with the number of
items. The external ids seen go to the crawl session, which removes the unseen postings when it
closes, under its guard.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from jobscraper.db.engine import first_line
from jobscraper.db.models import utc_now
from jobscraper.db.boards import adopt_board_postings, write_board_batch
from jobscraper.db.postings import BatchResult, load_known, write_batch
from jobscraper.extensions.crawl_session import CrawlSessionRecorder, OpenSession
from jobscraper.items import JobItem

logger = logging.getLogger(__name__)


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

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatabaseDiffPipeline:
        return cls(crawler)

    async def process_item(self, item: JobItem) -> JobItem:
        if not self.failed:
            self.buffer.append(ItemAdapter(item).asdict())
            if len(self.buffer) >= self.batch_size:
                await self.flush()
        return item

    async def close_spider(self) -> None:
        if self.buffer and not self.failed:
            await self.flush()

    def _session(self) -> OpenSession | None:
        recorder = CrawlSessionRecorder.for_crawler(self.crawler)
        return recorder.session if recorder else None

    async def flush(self) -> None:
        # One batch at a time: items that arrive while a batch waits to retry join the next one.
        async with self.writing:
            batch, self.buffer = self.buffer, []
            session = self._session()
            if not batch or session is None or self.failed:
                return
            for attempt in range(self.retries + 1):
                try:
                    self._write(session, batch)
                    return
                except OperationalError as exc:
                    if attempt == self.retries:
                        self._give_up(exc, len(batch))
                        return
                    delay = 2**attempt
                    logger.warning("database error, retrying in %ss: %s", delay, first_line(exc))
                    # Not time.sleep: the crawl lock's heartbeat must keep running to take the
                    # lock again after a database restart, before another crawl can.
                    await asyncio.sleep(delay)
                except SQLAlchemyError as exc:
                    self._give_up(exc, len(batch))
                    return

    def _write(self, session: OpenSession, batch: list[dict[str, Any]]) -> None:
        external_ids = [item["external_id"] for item in batch]
        now = utc_now()
        with session.engine.begin() as connection:
            if getattr(self.crawler.spider, "is_vc_board", False):
                result = self._write_board(connection, session, batch, now)
            else:
                adopted = adopt_board_postings(connection, session.company_id, batch,
                                               session_id=session.session_id, now=now)
                if adopted:
                    self.stats.inc_value("jobscraper/boards/adopted", adopted)
                known = load_known(connection, session.company_id, external_ids)
                result = write_batch(connection, company_id=session.company_id, session_id=session.session_id,
                                     items=batch, known=known, now=now,
                                     last_seen_refresh=self.last_seen_refresh)
        for external_id in external_ids:
            session.seen.add(external_id)
        for key, value in (("new", result.new), ("updated", result.updated),
                           ("unchanged", result.unchanged), ("reactivated", result.reactivated)):
            if value:
                self.stats.inc_value(f"jobscraper/jobs/{key}", value)
        self.stats.inc_value("jobscraper/jobs/seen", result.new + result.updated + result.unchanged + result.reactivated)

    def _write_board(self, connection: Connection, session: OpenSession, batch: list[dict[str, Any]],
                     now: datetime) -> BatchResult:
        """A VC board's batch: postings go to their employers, counts are the board's listings."""
        result, linked = write_board_batch(connection, board_id=session.company_id, session_id=session.session_id,
                                           items=batch, now=now, last_seen_refresh=self.last_seen_refresh)
        if linked:
            self.stats.inc_value("jobscraper/boards/linked_to_direct", linked)
        return result

    def _give_up(self, exc: Exception, lost: int) -> None:
        self.failed = True
        self.stats.inc_value("jobscraper/errors/database")
        logger.error("database write failed, stopping the crawl (%d postings not written): %s",
                     lost, first_line(exc))
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="database_error"))
