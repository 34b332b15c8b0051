"""The crawl session: one ``scraping_sessions`` row per crawl, the crawl's state, and the
guarded removal (``jobscraper.crawlstate`` tells the whole story of a posting).

On ``spider_opened`` it takes the company's crawl lock, syncs the company row, marks sessions
a killed process left ``running`` as ``abandoned``, opens a ``running`` session and hands the
crawl's ``CrawlState`` out through the crawler. On ``spider_closed`` (after the pipelines have
flushed, when ``finish_reason`` is known) it removes unseen postings only if the crawl was
complete and healthy, and writes the session's counts. A crawl that cannot open its session
still gets a ``failed`` row with the reason.

Every database call runs on the crawl's database thread (the lock on a thread of its own), so
the reactor that all crawls of a process share never waits for the database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.utils.defer import deferred_from_coro
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet import task

from jobscraper.crawlstate import CrawlState, attach, count_dropped, state_of
from jobscraper.db.boards import active_listing_count, active_listings, remove_listings
from jobscraper.db.engine import DatabaseUnavailable, check_connection, first_line
from jobscraper.db.locks import CrawlLock, CrawlLocked
from jobscraper.db.lifecycle import derive_after_crawl
from jobscraper.db.models import SessionStatus, utc_now
from jobscraper.db.postings import active_postings, deactivate_ids
from jobscraper.db.sessions import (
    CompanySpec,
    CrawlOutcome,
    RemovalDecision,
    RemovalGuard,
    abandon_running,
    active_count,
    close_session,
    decide_removal,
    held_removals,
    known_listings,
    open_session,
    record_failed_start,
    sync_companies,
)
from jobscraper.db.thread import DatabaseThread
from jobscraper.known import KnownListings
from jobscraper.middlewares.seen_listings import entries_of

logger = logging.getLogger(__name__)

FINISH_LOCKED = "locked"
FINISH_DATABASE = "database_unavailable"


def company_spec(spider_cls: type[Spider]) -> CompanySpec:
    return CompanySpec(
        slug=spider_cls.name,
        name=getattr(spider_cls, "company", "") or spider_cls.name,
        platform=getattr(spider_cls, "platform", "") or "custom",
        careers_url=getattr(spider_cls, "careers_url", None),
    )


@dataclass(frozen=True)
class ClosingView:
    """What the close needs from the reactor side, taken before handing the work to the thread."""

    reason: str
    stats: dict[str, Any]
    incomplete_reasons: tuple[str, ...]
    gone: frozenset[str]
    since_window: bool
    lock_lost: bool


class CrawlSessionRecorder:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.lock: CrawlLock | None = None
        self.lock_lost = False
        self._heartbeat: task.LoopingCall | None = None
        self._database: DatabaseThread | None = None
        self._lock_thread: DatabaseThread | None = None
        attach(crawler, None)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSessionRecorder:
        recorder = cls(crawler)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(recorder.item_error, signal=signals.item_error)
        crawler.signals.connect(recorder.item_dropped, signal=signals.item_dropped)
        return recorder

    @property
    def state(self) -> CrawlState | None:
        return state_of(self.crawler)

    # --- opening -------------------------------------------------------------------------------

    async def spider_opened(self, spider: Spider) -> None:
        stats = self.crawler.stats
        self._database = DatabaseThread(spider.name)
        self._lock_thread = DatabaseThread(f"{spider.name}-lock")
        try:
            engine = await self._database.run(check_connection)
        except DatabaseUnavailable as exc:
            logger.error("%s", exc)
            stats.set_value("jobscraper/session/status", SessionStatus.FAILED.value)
            raise CloseSpider(FINISH_DATABASE) from None
        lock = CrawlLock(engine, spider.name)
        try:
            await self._lock_thread.run(lock.acquire)
        except CrawlLocked as exc:
            logger.error("%s; not starting a second one", exc)
            stats.set_value("jobscraper/session/status", SessionStatus.LOCKED.value)
            raise CloseSpider(FINISH_LOCKED) from None
        except SQLAlchemyError as exc:
            await self._fail_start(engine, spider, f"cannot take the crawl lock: {first_line(exc)}")
        self.lock = lock
        try:
            state = await self._database.run(self._open, engine, spider)
        except SQLAlchemyError as exc:
            await self._release()
            await self._fail_start(engine, spider, f"cannot open a crawl session: {first_line(exc)}")
        attach(self.crawler, state)
        if getattr(spider, "wants_known_listings", False):
            spider.known_listings = state.known_listings
        stats.set_value("jobscraper/session/id", state.session_id)
        if lock.can_be_lost:
            # A Deferred per beat: the loop waits for a check before it schedules the next.
            self._heartbeat = task.LoopingCall(lambda: deferred_from_coro(self._check_lock(spider)))
            self._heartbeat.start(self.settings.getfloat("JOBSCRAPER_LOCK_HEARTBEAT"), now=False)

    def _open(self, engine: Engine, spider: Spider) -> CrawlState:
        started_at = utc_now()
        with engine.begin() as connection:
            company_id = sync_companies(connection, [company_spec(type(spider))])[spider.name]
            abandoned = abandon_running(connection, company_id, started_at)
            if abandoned:
                logger.warning("marked %d session(s) of %s left running by a killed crawl as abandoned",
                               abandoned, spider.name)
            session_id = open_session(connection, company_id, spider.name, started_at)
            board = _is_board(spider)
            state = CrawlState(engine=engine, database=self._database, company_id=company_id,
                               session_id=session_id, started_at=started_at,
                               active_before=(active_listing_count if board else active_count)(connection, company_id),
                               held_before=held_removals(connection, company_id), board=board)
            if getattr(spider, "wants_known_listings", False):
                state.known_listings = known_listings(connection, company_id)
        return state

    async def _fail_start(self, engine: Engine, spider: Spider, reason: str) -> None:
        """Record a ``failed`` session with the reason (if the database lets us), then stop."""
        logger.error("%s", reason)
        stats = self.crawler.stats
        stats.set_value("jobscraper/session/status", SessionStatus.FAILED.value)
        stats.set_value("jobscraper/session/failure", reason)

        def record() -> int:
            with engine.begin() as connection:
                return record_failed_start(connection, company_spec(type(spider)), reason, FINISH_DATABASE)

        try:
            stats.set_value("jobscraper/session/id", await self._database.run(record))
        except SQLAlchemyError as exc:
            logger.error("cannot record the failed start either: %s", first_line(exc))
        raise CloseSpider(FINISH_DATABASE)

    # --- the lock ------------------------------------------------------------------------------

    async def _check_lock(self, spider: Spider) -> None:
        """A database restart drops the advisory lock silently: take it again at once, or stop
        (another crawl of the company took it) without removing anything."""
        if self.lock is None or await self._lock_thread.run(self.lock.ensure_held) is not False:
            return
        self.lock_lost = True
        self._stop_heartbeat()
        self.crawler.stats.set_value("jobscraper/crawl/lock_lost", 1)
        logger.error("lost the crawl lock of %s to another crawl; stopping without removing anything",
                     spider.name)
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="lock_lost"))

    def _stop_heartbeat(self) -> None:
        if self._heartbeat is not None and self._heartbeat.running:
            self._heartbeat.stop()
        self._heartbeat = None

    async def _release(self) -> None:
        if self.lock is not None:
            await self._lock_thread.run(self.lock.release)
            self.lock = None

    # --- items ---------------------------------------------------------------------------------

    def item_error(self, item: Any, response: Any, spider: Spider, failure: Any) -> None:
        """An exception in a pipeline: an error of the crawl, never a posting that vanished (each
        entry of a ``seen_listings`` item too)."""
        entries = entries_of(item)
        ids = [entry.get("external_id") for entry in entries] if entries is not None else \
            [ItemAdapter(item).get("external_id") if ItemAdapter.is_item(item) else None]
        self.crawler.stats.inc_value("jobscraper/errors/item_pipeline", len(ids))
        state = self.state
        if state is not None:
            for external_id in ids:
                state.item_failed(external_id)

    def item_dropped(self, item: Any, response: Any, exception: BaseException, spider: Spider) -> None:
        entries = entries_of(item)
        count_dropped(self.crawler, len(entries) if entries is not None else 1)

    # --- closing -------------------------------------------------------------------------------

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        self._stop_heartbeat()
        try:
            state = self.state
            if state is None:
                return
            if self.lock is not None and not await self._lock_thread.run(self.lock.ensure_held):
                self.lock_lost = True  # lost, or cannot tell
            view = ClosingView(
                reason=reason,
                stats=dict(self.crawler.stats.get_stats()),
                incomplete_reasons=tuple(getattr(spider, "incomplete_reasons", ())),
                gone=frozenset(getattr(spider, "gone_external_ids", ())),
                since_window=bool(getattr(spider, "since", None)),
                lock_lost=self.lock_lost,
            )
            self._drop_listing_walk(spider, state)
            try:
                decision, removed = await state.database.run(self._close, spider.name, state, view)
            except SQLAlchemyError as exc:
                logger.error("cannot write the crawl session: %s (the next crawl marks it abandoned)",
                             first_line(exc))
                self.crawler.stats.set_value("jobscraper/session/status", SessionStatus.FAILED.value)
                return
            self.crawler.stats.set_value("jobscraper/jobs/removed", removed)
            self.crawler.stats.set_value("jobscraper/session/status", decision.status.value)
        finally:
            await self._release()
            for thread in (self._database, self._lock_thread):
                if thread is not None:
                    thread.close()

    @staticmethod
    def _drop_listing_walk(spider: Spider, state: CrawlState) -> None:
        """The listings are walked: their fingerprints go before the closing reads, which peak
        the crawl's memory (16 MB at 500,000 postings). ``state.seen`` stays for the removal."""
        state.known_listings = {}
        if getattr(spider, "wants_known_listings", False):
            spider.known_listings = KnownListings()

    def _outcome(self, state: CrawlState, view: ClosingView, unseen: int) -> CrawlOutcome:
        incomplete = list(view.incomplete_reasons)
        if view.lock_lost:
            incomplete.insert(0, "the crawl lock was lost (database restarted?)")
        return CrawlOutcome(
            finish_reason=view.reason,
            incomplete_reasons=tuple(incomplete),
            spider_exceptions=sum(v for k, v in view.stats.items() if k.startswith("spider_exceptions/")),
            seen=int(view.stats.get("jobscraper/jobs/seen", 0)),
            active_before=state.active_before,
            unseen=unseen,
            since_window=view.since_window,
            held_before=state.held_before,
            item_errors=state.item_errors,
        )

    def _guard(self) -> RemovalGuard:
        return RemovalGuard(
            min_seen_share=self.settings.getfloat("JOBSCRAPER_REMOVAL_MIN_SEEN_SHARE"),
            max_removed_share=self.settings.getfloat("JOBSCRAPER_REMOVAL_MAX_REMOVED_SHARE"),
            small_removal=self.settings.getint("JOBSCRAPER_REMOVAL_SMALL_REMOVAL"),
            confirming_crawls=self.settings.getint("JOBSCRAPER_REMOVAL_CONFIRMING_CRAWLS"),
        )

    def _close(self, name: str, state: CrawlState, view: ClosingView) -> tuple[RemovalDecision, int]:
        """On the database thread: the guarded removal and the session row, in one transaction."""
        now = utc_now()
        removal = {"company_id": state.company_id, "session_id": state.session_id, "now": now,
                   "event_type": "removed"}
        listed, deactivate = (active_listings, remove_listings) if state.board else (active_postings, deactivate_ids)
        with state.engine.begin() as connection:
            removed = 0
            gone_ids, unseen = [], []
            for external_id, row_id in listed(connection, state.company_id):
                if external_id in view.gone:
                    gone_ids.append(row_id)
                elif external_id not in state.seen:
                    unseen.append(row_id)
            if gone_ids and not view.lock_lost:
                removed += deactivate(connection, gone_ids, **removal)
            decision = decide_removal(self._outcome(state, view, len(unseen)), self._guard())
            if decision.remove:
                removed += deactivate(connection, unseen, **removal)
            else:
                logger.warning("removals skipped for %s: %s", name, decision.skip_reason)
            stats = {**view.stats, "jobscraper/jobs/removed": removed,
                     "jobscraper/session/status": decision.status.value}
            close_session(connection, state.company_id, state.session_id, decision.held,
                          session_values(stats, decision, view.reason, now, removed))
        derive_after_crawl(state.engine, company_id=state.company_id, since=state.started_at, now=now)
        return decision, removed


def session_values(stats: dict[str, Any], decision: RemovalDecision, reason: str, now: datetime,
                   removed: int) -> dict[str, Any]:
    def count(key: str) -> int:
        return int(stats.get(key, 0) or 0)

    errors = sum(int(v) for k, v in stats.items()
                 if k.startswith(("spider_exceptions/", "jobscraper/errors/")))
    errors += count("jobscraper/crawl/incomplete")
    return {
        "status": decision.status,
        "finished_at": now,
        "finish_reason": reason,
        "requests": count("downloader/request_count"),
        "items_seen": count("jobscraper/jobs/seen"),
        "jobs_new": count("jobscraper/jobs/new"),
        "jobs_updated": count("jobscraper/jobs/updated"),
        "jobs_unchanged": count("jobscraper/jobs/unchanged"),
        "jobs_reactivated": count("jobscraper/jobs/reactivated"),
        "jobs_removed": removed,
        "items_invalid": count("jobscraper/items/invalid"),
        "errors": errors,
        "removals_skipped": not decision.remove,
        "removals_skipped_reason": None if decision.remove else decision.skip_reason,
        "stats": {k: _jsonable(v) for k, v in stats.items()},
    }


def _is_board(spider: Spider) -> bool:
    return bool(getattr(spider, "is_vc_board", False))


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)
