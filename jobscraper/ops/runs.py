"""What ``crawlall`` shares between local and scrapyd runs: choosing companies, the summary."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
import sys
from typing import Any, TextIO
from urllib.parse import urlsplit

from rich.text import Text
from scrapy import signals
from scrapy.exceptions import UsageError
from scrapy.spiderloader import SpiderLoader
from scrapy.statscollectors import StatsCollector
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from jobscraper.commands._ops import Column, print_table
from jobscraper.ops.console import printable
from jobscraper.db.engine import first_line, size_pool
from jobscraper.db.models import SessionStatus
from jobscraper.db.sessions import active_slugs, record_failed_start, sessions_by_id, sync_companies
from jobscraper.extensions.crawl_session import FINISH_DATABASE, company_spec

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
        active = active_slugs(connection)
    chosen = [spec.slug for spec in specs
              if (not wanted or spec.slug in wanted) and (not platform or spec.platform == platform)]
    if not wanted:
        chosen = [slug for slug in chosen if slug in active]
    return chosen


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
    found = sessions_by_id(engine, [session_id for session_id in session_ids.values() if session_id])
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

# Crawls running at once in one process: a few hundred started together only queue on the same
# host budgets while they lag the event loop.
CRAWLS_AT_ONCE = 10
# Where a platform base keeps the URL its crawl starts from (its host paces the crawl).
_URL_ATTRIBUTES = ("listing_url", "postings_url", "api_root", "search_url", "feed_url", "host")


def crawl_host(spider: Any) -> str:
    """The host a company's crawl is paced by (the politeness budget it shares), or its platform
    when the spider does not say."""
    for attribute in _URL_ATTRIBUTES:
        value = getattr(spider, attribute, None)
        if isinstance(value, str) and value:
            return urlsplit(value if "//" in value else f"//{value}").netloc.lower()
    return str(getattr(spider, "platform", "") or spider.name)


def interleave_by_host(hosts: dict[str, str]) -> list[str]:
    """Companies (name -> host) in an order that takes one company of each host in turn, the
    busiest hosts first: the crawls running at once spread over hosts instead of queueing on one
    host's budget, while every company of a host still shares it."""
    by_host: dict[str, list[str]] = {}
    for name in sorted(hosts):
        by_host.setdefault(hosts[name], []).append(name)
    queues = sorted(by_host.values(), key=lambda names: (-len(names), names[0]))
    order = []
    while queues:
        order += [names.pop(0) for names in queues]
        queues = [names for names in queues if names]
    return order


def run_crawlers(process, names: list[str], spargs: dict[str, str],
                 progress: Progress | None = None, at_once: int = CRAWLS_AT_ONCE) -> dict[str, Any]:
    """Crawl the companies in this process, ``at_once`` at a time in ``names`` order, the next
    one starting as one ends; ``progress(name, stats, done, total)`` is called as each finishes."""
    at_once = max(1, at_once)
    size_pool(min(len(names), at_once))
    crawlers: dict[str, Any] = {}
    finished: list[str] = []
    waiting = list(names)

    def start_next() -> None:
        if not waiting:
            return
        name = waiting.pop(0)
        crawler = process.create_crawler(name)
        crawlers[name] = crawler
        ended = _once(name, crawler, finished, len(names), progress, start_next)
        # engine_stopped ends a crawl that ran; the task's end also covers one that never started.
        crawler.signals.connect(ended, signal=signals.engine_stopped, weak=False)
        _on_end(process.crawl(crawler, **spargs), crawler, ended)

    for _ in range(at_once):
        start_next()
    process.start()
    return crawlers


def _on_end(running, crawler, ended: Callable[[], None]) -> None:
    """Call ``ended`` when the crawl (a Deferred, or an asyncio task) is over, and
    ``_did_not_start`` first if it raised."""
    if isinstance(running, Deferred):
        def both(result):
            if isinstance(result, Failure):
                _did_not_start(result.value, crawler)
            ended()
        running.addBoth(both)
        return

    def done(task) -> None:
        if not task.cancelled() and task.exception() is not None:
            _did_not_start(task.exception(), crawler)
        ended()

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


def _once(name: str, crawler, finished: list[str], total: int, progress: Progress | None,
          start_next: Callable[[], None]) -> Callable[[], None]:
    def ended() -> None:
        if name in finished:
            return
        finished.append(name)
        if progress is not None:
            progress(name, crawler.stats, len(finished), total)
        start_next()
    return ended


def crawler_outcomes(crawlers: dict[str, Any]) -> tuple[dict[str, int | None], dict[str, str]]:
    """Each company's session id and status, as its crawl recorded them in its stats."""
    session_ids = {name: c.stats.get_value("jobscraper/session/id") for name, c in crawlers.items()}
    statuses = {name: c.stats.get_value("jobscraper/session/status") or "failed" for name, c in crawlers.items()}
    return session_ids, statuses


def _seconds(start: datetime, end: datetime | None) -> float | None:
    return (end - start).total_seconds() if end else None


SUMMARY_MODES = ("auto", "compact", "full")
# "auto" lists every company up to this many; past it, only those that did not complete.
FULL_SUMMARY_UP_TO = 20
NUMBERS = ("seen", "new", "updated", "unchanged", "removed")
SUMMARY_COLUMNS = (
    Column("company", "company"),
    Column("status", "status", "word"),
    *(Column(count, count, "int", optional=count == "unchanged") for count in NUMBERS),
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


def render_summary(rows: list[SummaryRow], file: TextIO | None = None,
                   platforms: dict[str, str | None] | None = None, mode: str = "auto") -> None:
    """The crawl summary, as wide as the terminal: a row per company ("full"), or at the scale of
    the whole roster ("compact") only the companies that did not complete, then totals per
    platform. A failure's reason is in the error column."""
    compact = mode == "compact" or (mode == "auto" and len(rows) > FULL_SUMMARY_UP_TO)
    if not compact:
        _company_table(rows, "Crawl summary", file)
        return
    unfinished = [row for row in rows if row.status != "completed"]
    if unfinished:
        unfinished.sort(key=lambda row: (not row.failed, row.status, row.company))
        _company_table(unfinished, f"Not completed: {len(unfinished)} of {len(rows)} companies "
                                   f"(--summary full lists every company)", file)
    else:
        (file or sys.stdout).write(f"All {len(rows)} companies completed.\n")
    _platform_table(rows, platforms or {}, file)


def _company_table(rows: list[SummaryRow], title: str, file: TextIO | None) -> None:
    # The error quotes what a server sent (a Content-Type, a message): never markup.
    cells = [[Text(printable(row.company)), row.status, *(str(getattr(row, n)) for n in NUMBERS),
              Text(printable(crawl_error(row))), f"{row.duration:.1f}s" if row.duration is not None else "–"]
             for row in rows]
    errors = sum(bool(crawl_error(row)) for row in rows)
    totals = ["total", f"{sum(not r.failed for r in rows)}/{len(rows)} ok",
              *(str(sum(getattr(r, n) for r in rows)) for n in NUMBERS),
              f"{errors} with an error" if errors else "", ""]
    print_table(SUMMARY_COLUMNS, cells, title=title, totals=totals, file=file)


def _platform_table(rows: list[SummaryRow], platforms: dict[str, str | None], file: TextIO | None) -> None:
    """Companies per status and postings per platform, and over all."""
    statuses = sorted({row.status for row in rows}, key=lambda status: (status != "completed", status))
    by_platform: dict[str, list[SummaryRow]] = {}
    for row in rows:
        by_platform.setdefault(platforms.get(row.company) or "-", []).append(row)
    columns = (Column("platform", "platform", "word"), Column("companies", "companies", "int"),
               *(Column(status, status, "int") for status in statuses),
               *(Column(count, count, "int") for count in NUMBERS))

    def totals(group: list[SummaryRow]) -> list[str]:
        counts = [str(sum(row.status == status for row in group)) for status in statuses]
        return [str(len(group)), *counts, *(str(sum(getattr(row, n) for row in group)) for n in NUMBERS)]

    cells = [[platform, *totals(group)]
             for platform, group in sorted(by_platform.items(), key=lambda item: (-len(item[1]), item[0]))]
    print_table(columns, cells, title=f"Crawl summary: {len(rows)} companies by platform",
                totals=["total", *totals(rows)], file=file)
