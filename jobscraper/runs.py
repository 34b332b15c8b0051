"""What ``crawlall`` shares between local and scrapyd runs: choosing companies, the summary."""

from __future__ import annotations

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
from sqlalchemy.orm import Session

from jobscraper.commands._ops import Column, print_table
from jobscraper.db.models import Company, ScrapingSession
from jobscraper.db.sessions import sync_companies
from jobscraper.extensions.crawl_session import company_spec
from jobscraper.platforms.base import SpiderConfigurationError

FAILED_STATUSES = ("failed", "abandoned", "running", "locked", "missing")


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
    crawlers = {}
    finished: list[str] = []
    for name in names:
        crawler = process.create_crawler(name)
        crawlers[name] = crawler
        if progress is not None:
            crawler.signals.connect(_on_finish(name, crawler, finished, len(names), progress),
                                    signal=signals.engine_stopped, weak=False)
        process.crawl(crawler, **spargs)
    process.start()
    return crawlers


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
