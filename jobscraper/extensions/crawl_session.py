"""The crawl session: one ``scraping_sessions`` row per crawl, and the guarded removal.

On ``spider_opened`` it takes the company's crawl lock, syncs the company row, marks sessions
a killed process left ``running`` as ``abandoned`` and opens a ``running`` session. On
``spider_closed`` (after the pipelines have flushed, when ``finish_reason`` is known) it removes
unseen postings only if the crawl was complete and healthy, and writes the session's counts.
"""

from __future__ import annotations

import logging
import weakref
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task
from sqlalchemy import Engine, select, update
from sqlalchemy.exc import SQLAlchemyError

from jobscraper.db.engine import DatabaseUnavailable, check_connection, first_line
from jobscraper.db.locks import CrawlLock, CrawlLocked
from jobscraper.db.lifecycle import derive_after_crawl
from jobscraper.db.models import Company, ScrapingSession, utc_now
from jobscraper.db.postings import active_postings, deactivate_ids
from jobscraper.db.sessions import (
    CompanySpec,
    CrawlOutcome,
    RemovalGuard,
    abandon_running,
    active_count,
    decide_removal,
    known_listings,
    open_session,
    sync_companies,
)
from jobscraper.seen import SeenIds

logger = logging.getLogger(__name__)

FINISH_LOCKED = "locked"
FINISH_DATABASE = "database_unavailable"


@dataclass
class OpenSession:
    engine: Engine
    company_id: int
    session_id: int
    started_at: datetime
    active_before: int
    held_removals: int
    # External ids this crawl saw, written by the database diff as each batch commits.
    seen: SeenIds = field(default_factory=SeenIds)


def company_spec(spider_cls: type[Spider]) -> CompanySpec:
    return CompanySpec(
        slug=spider_cls.name,
        name=getattr(spider_cls, "company", "") or spider_cls.name,
        platform=getattr(spider_cls, "platform", "") or "custom",
        careers_url=getattr(spider_cls, "careers_url", None),
    )


class CrawlSessionRecorder:
    _by_crawler: weakref.WeakKeyDictionary[Crawler, CrawlSessionRecorder] = weakref.WeakKeyDictionary()

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.session: OpenSession | None = None
        self.lock: CrawlLock | None = None
        self.lock_lost = False
        self._heartbeat: task.LoopingCall | None = None
        self._by_crawler[crawler] = self

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSessionRecorder:
        recorder = cls(crawler)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> CrawlSessionRecorder | None:
        return cls._by_crawler.get(crawler)

    def spider_opened(self, spider: Spider) -> None:
        stats = self.crawler.stats
        try:
            engine = check_connection()
        except DatabaseUnavailable as exc:
            logger.error("%s", exc)
            stats.set_value("jobscraper/session/status", "failed")
            raise CloseSpider(FINISH_DATABASE) from None
        lock = CrawlLock(engine, spider.name)
        try:
            lock.acquire()
        except CrawlLocked as exc:
            logger.error("%s; not starting a second one", exc)
            stats.set_value("jobscraper/session/status", "locked")
            raise CloseSpider(FINISH_LOCKED) from None
        self.lock = lock
        try:
            self.session = self._open(engine, spider)
        except SQLAlchemyError as exc:
            logger.error("cannot open a crawl session: %s", first_line(exc))
            stats.set_value("jobscraper/session/status", "failed")
            self._release()
            raise CloseSpider(FINISH_DATABASE) from None
        stats.set_value("jobscraper/session/id", self.session.session_id)
        if lock.can_be_lost:
            self._heartbeat = task.LoopingCall(self._check_lock, spider)
            self._heartbeat.start(self.settings.getfloat("JOBSCRAPER_LOCK_HEARTBEAT"), now=False)

    def _check_lock(self, spider: Spider) -> None:
        """A database restart drops the advisory lock silently: take it again at once, or stop
        (another crawl of the company took it) without removing anything."""
        if self.lock is None or self.lock.ensure_held() is not False:
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

    def _open(self, engine: Engine, spider: Spider) -> OpenSession:
        started_at = utc_now()
        with engine.begin() as connection:
            company_id = sync_companies(connection, [company_spec(type(spider))])[spider.name]
            abandoned = abandon_running(connection, company_id, started_at)
            if abandoned:
                logger.warning("marked %d session(s) of %s left running by a killed crawl as abandoned",
                               abandoned, spider.name)
            session_id = open_session(connection, company_id, spider.name, started_at)
            before = active_count(connection, company_id)
            held = connection.execute(
                select(Company.consecutive_held_removals).where(Company.id == company_id)
            ).scalar_one()
            if getattr(spider, "fetches_details", False):
                spider.known_listings = known_listings(connection, company_id)
        return OpenSession(engine, company_id, session_id, started_at, before, held)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self._stop_heartbeat()
        if self.session is None:
            return
        try:
            self._close(spider, reason)
        except SQLAlchemyError as exc:
            logger.error("cannot write the crawl session: %s (the next crawl marks it abandoned)",
                         first_line(exc))
            self.crawler.stats.set_value("jobscraper/session/status", "failed")
        finally:
            self._release()

    def _outcome(self, spider: Spider, reason: str, unseen: int) -> CrawlOutcome:
        stats = self.crawler.stats.get_stats()
        session = self.session
        assert session is not None
        incomplete = list(getattr(spider, "incomplete_reasons", ()))
        if self.lock_lost:
            incomplete.insert(0, "the crawl lock was lost (database restarted?)")
        return CrawlOutcome(
            finish_reason=reason,
            incomplete_reasons=tuple(incomplete),
            spider_exceptions=sum(v for k, v in stats.items() if k.startswith("spider_exceptions/")),
            seen=int(stats.get("jobscraper/jobs/seen", 0)),
            active_before=session.active_before,
            unseen=unseen,
            since_window=bool(getattr(spider, "since", None)),
            held_before=session.held_removals,
        )

    def _guard(self) -> RemovalGuard:
        return RemovalGuard(
            min_seen_share=self.settings.getfloat("JOBSCRAPER_REMOVAL_MIN_SEEN_SHARE"),
            max_removed_share=self.settings.getfloat("JOBSCRAPER_REMOVAL_MAX_REMOVED_SHARE"),
            small_removal=self.settings.getint("JOBSCRAPER_REMOVAL_SMALL_REMOVAL"),
            confirming_crawls=self.settings.getint("JOBSCRAPER_REMOVAL_CONFIRMING_CRAWLS"),
        )

    def _close(self, spider: Spider, reason: str) -> None:
        session = self.session
        assert session is not None
        stats = self.crawler.stats
        if self.lock is not None and not self.lock.ensure_held():  # lost, or cannot tell
            self.lock_lost = True
        now = utc_now()
        gone = set(getattr(spider, "gone_external_ids", ()))
        with session.engine.begin() as connection:
            removed = 0
            gone_ids, unseen = [], []
            for external_id, row_id in active_postings(connection, session.company_id):
                if external_id in gone:
                    gone_ids.append(row_id)
                elif external_id not in session.seen:
                    unseen.append(row_id)
            if gone_ids and not self.lock_lost:
                removed += deactivate_ids(connection, gone_ids, company_id=session.company_id,
                                          session_id=session.session_id, now=now, event_type="removed")
            decision = decide_removal(self._outcome(spider, reason, len(unseen)), self._guard())
            if decision.remove:
                removed += deactivate_ids(connection, unseen, company_id=session.company_id,
                                          session_id=session.session_id, now=now, event_type="removed")
            else:
                logger.warning("removals skipped for %s: %s", spider.name, decision.skip_reason)
            stats.set_value("jobscraper/jobs/removed", removed)
            stats.set_value("jobscraper/session/status", decision.status)
            connection.execute(
                update(Company).where(Company.id == session.company_id)
                .values(consecutive_held_removals=decision.held)
            )
            connection.execute(
                update(ScrapingSession).where(ScrapingSession.id == session.session_id)
                .values(**self._session_values(decision, reason, now, removed))
            )
        derive_after_crawl(session.engine, company_id=session.company_id, since=session.started_at, now=now)

    def _session_values(self, decision, reason: str, now: datetime, removed: int) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats()

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

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)
