"""What ``crawlall`` shares between local and scrapyd runs: choosing companies, the summary."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO

from rich.markup import escape
from scrapy import signals
from scrapy.exceptions import UsageError
from scrapy.spiderloader import SpiderLoader
from scrapy.statscollectors import StatsCollector
from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet.defer import Deferred
from sqlalchemy.orm import Session

from jobscraper.commands._ops import Column, print_table
from jobscraper.db.engine import first_line, size_pool
from jobscraper.db.models import Company, ScrapingSession, SessionStatus
from jobscraper.db.sessions import record_failed_start, sync_companies
from jobscraper.extensions.crawl_session import FINISH_DATABASE, company_spec
from jobscraper.platforms.base import SpiderConfigurationError

logger = logging.getLogger(__name__)

FAILED_STATUSES = (SessionStatus.FAILED, SessionStatus.ABANDONED, SessionStatus.RUNNING,
                   SessionStatus.LOCKED, SessionStatus.MISSING)


def choose_companies(engine: Engine, loader: SpiderLoader, companies: Iterable[str] = (),
                     platform: str | None = None) -> list[str]:
    """Active companies (all, or the named ones), synced from the spider classes first."""
    names = sorted(loader.list())
    wanted = list(dict.fromkeys(companies))
    unknown = [slug for slug in wanted if slug not in names]
    if unknown:
        raise UsageError(f"--company: no spider named {', '.join(unknown)}; `scrapy list` shows them")
    specs = [company_spec(loader.load(name)) for name in names]
    platforms = sorted({spec.platform for spec in specs})
    if platform and platform not in platforms:
        raise UsageError(f"--platform: unknown platform {platform!r}; known: {', '.join(platforms)}")
    with engine.begin() as connection:
        sync_companies(connection, specs)
        active = set(connection.execute(select(Company.slug).where(Company.is_active.is_(True))).scalars())
    chosen = [spec.slug for spec in specs
              if (not wanted or spec.slug in wanted) and (not platform or spec.platform == platform)]
    if not wanted:
        chosen = [slug for slug in chosen if slug in active]
    return chosen


def check_spider_arguments(loader: SpiderLoader, names: Iterable[str], spargs: dict[str, str]) -> None:
    for name in names:
        try:
            loader.load(name)(**spargs)
        except (SpiderConfigurationError, TypeError) as exc:
            raise UsageError(f"-a: {exc}") from None


@dataclass
class SummaryRow:
    company: str
    status: str
    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    removal_skipped: str = ""
    duration: float | None = None

    @property
    def failed(self) -> bool:
        return self.status in FAILED_STATUSES


def summary_rows(engine: Engine, session_ids: dict[str, int | None],
                 statuses: dict[str, str] | None = None) -> list[SummaryRow]:
    """One row per company from its session (or the reason it has none)."""
    ids = [session_id for session_id in session_ids.values() if session_id]
    found: dict[int, ScrapingSession] = {}
    if ids:
        with Session(engine) as db:
            found = {s.id: s for s in db.scalars(select(ScrapingSession).where(ScrapingSession.id.in_(ids)))}
    rows = []
    for company, session_id in sorted(session_ids.items()):
        session = found.get(session_id) if session_id else None
        if session is None:
            rows.append(SummaryRow(company, (statuses or {}).get(company, "missing")))
            continue
        rows.append(SummaryRow(
            company=company,
            status=session.status,
            seen=session.items_seen,
            new=session.jobs_new,
            updated=session.jobs_updated,
            unchanged=session.jobs_unchanged,
            removed=session.jobs_removed,
            removal_skipped=(session.removals_skipped_reason or "yes") if session.removals_skipped else "",
            duration=_seconds(session.started_at, session.finished_at),
        ))
    return rows


Progress = Callable[[str, StatsCollector, int, int], None]


def run_crawlers(process, names: list[str], spargs: dict[str, str],
                 progress: Progress | None = None) -> dict[str, Any]:
    """Crawl the companies together in this process; ``progress(name, stats, done, total)``
    is called as each one finishes."""
    size_pool(len(names))
    crawlers = {}
    finished: list[str] = []
    for name in names:
        crawler = process.create_crawler(name)
        crawlers[name] = crawler
        if progress is not None:
            crawler.signals.connect(_on_finish(name, crawler, finished, len(names), progress),
                                    signal=signals.engine_stopped, weak=False)
        _on_failure(process.crawl(crawler, **spargs), crawler)
    process.start()
    return crawlers


def _on_failure(running, crawler) -> None:
    """Call ``_did_not_start`` if the crawl (a Deferred, or an asyncio task) raises."""
    if isinstance(running, Deferred):
        running.addErrback(lambda failure: _did_not_start(failure.value, crawler))
        return

    def done(task) -> None:
        if not task.cancelled() and task.exception() is not None:
            _did_not_start(task.exception(), crawler)

    running.add_done_callback(done)


def _did_not_start(exc: BaseException, crawler) -> None:
    """A crawl that raised before it ran: one line, and the reason kept for its session row."""
    reason = f"the crawl did not start: {type(exc).__name__}: {first_line(exc)}"
    logger.error("%s: %s", crawler.spidercls.name, reason)
    crawler.stats.set_value("jobscraper/session/failure", reason)


def record_unstarted(engine: Engine, crawlers: dict[str, Any]) -> None:
    """A ``failed`` session row, with the reason, for every crawl that ended without one (and
    was not refused for running already), so the summary and ``stats`` show it."""
    for name, crawler in crawlers.items():
        stats = crawler.stats
        if stats.get_value("jobscraper/session/id") or stats.get_value("jobscraper/session/status") == SessionStatus.LOCKED:
            continue
        reason = stats.get_value("jobscraper/session/failure") or "the crawl ended before its session was opened"
        try:
            with engine.begin() as connection:
                session_id = record_failed_start(connection, company_spec(crawler.spidercls), reason,
                                                 FINISH_DATABASE)
        except SQLAlchemyError as exc:  # the database is gone: the summary shows them as missing
            logger.error("cannot record the crawls that did not start: %s", first_line(exc))
            return
        stats.set_value("jobscraper/session/id", session_id)
        stats.set_value("jobscraper/session/status", SessionStatus.FAILED.value)


def _on_finish(name: str, crawler, finished: list[str], total: int, progress: Progress):
    def report() -> None:
        finished.append(name)
        progress(name, crawler.stats, len(finished), total)
    return report


def crawler_outcomes(crawlers: dict[str, Any]) -> tuple[dict[str, int | None], dict[str, str]]:
    """Each company's session id and status, as its crawl recorded them in its stats."""
    session_ids = {name: c.stats.get_value("jobscraper/session/id") for name, c in crawlers.items()}
    statuses = {name: c.stats.get_value("jobscraper/session/status") or "failed" for name, c in crawlers.items()}
    return session_ids, statuses


def _seconds(start: datetime, end: datetime | None) -> float | None:
    return (end - start).total_seconds() if end else None


SUMMARY_COLUMNS = (
    Column("company", "company"),
    Column("status", "status", "word"),
    *(Column(count, count, "int", optional=count == "unchanged")
      for count in ("seen", "new", "updated", "unchanged", "removed")),
    Column("error", "error", "line"),
    Column("duration", "duration", "int", optional=True),
)


def crawl_error(row: SummaryRow) -> str:
    """Why a crawl failed or skipped its removals, in a few words."""
    if row.removal_skipped not in ("", "yes"):
        return row.removal_skipped
    if row.status == "missing":
        return "no crawl session recorded"
    if row.status == "locked":
        return "another crawl of it is running"
    return "no reason recorded" if row.failed or row.removal_skipped else ""


def render_summary(rows: list[SummaryRow], file: TextIO | None = None) -> None:
    """The summary table, as wide as the terminal; a failure's reason in the error column."""
    numbers = ("seen", "new", "updated", "unchanged", "removed")
    cells = [[escape(row.company), row.status, *(str(getattr(row, n)) for n in numbers), escape(crawl_error(row)),
              f"{row.duration:.1f}s" if row.duration is not None else "–"] for row in rows]
    errors = sum(bool(crawl_error(row)) for row in rows)
    totals = ["total", f"{sum(not r.failed for r in rows)}/{len(rows)} ok",
              *(str(sum(getattr(r, n) for r in rows)) for n in numbers),
              f"{errors} with an error" if errors else "", ""]
    print_table(SUMMARY_COLUMNS, cells, title="Crawl summary", totals=totals, file=file)
