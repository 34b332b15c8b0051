"""Companies and crawl sessions: opening a session, the removal guard, closing it."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select, update
from sqlalchemy.dialects import postgresql, sqlite

from jobscraper.db.models import Company, JobPosition, ScrapingSession, utc_now


@dataclass(frozen=True)
class CompanySpec:
    slug: str
    name: str
    platform: str
    careers_url: str | None


def sync_companies(connection: Connection, specs: list[CompanySpec]) -> dict[str, int]:
    """Insert or refresh company rows from the spider classes; keeps ``is_active`` as set."""
    if not specs:
        return {}
    now = utc_now()
    dialect_insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = dialect_insert(Company).values([
        {"slug": s.slug, "name": s.name, "platform": s.platform, "careers_url": s.careers_url,
         "is_active": True, "consecutive_empty_crawls": 0, "created_at": now, "updated_at": now}
        for s in specs
    ])
    statement = statement.on_conflict_do_update(
        index_elements=[Company.slug],
        set_={"name": statement.excluded.name, "platform": statement.excluded.platform,
              "careers_url": statement.excluded.careers_url, "updated_at": statement.excluded.updated_at},
    ).returning(Company.slug, Company.id)
    return dict(connection.execute(statement).all())


def abandon_running(connection: Connection, company_id: int | None = None, now: datetime | None = None) -> int:
    """Sessions left ``running`` by a killed process become ``abandoned``."""
    statement = update(ScrapingSession).where(ScrapingSession.status == "running")
    if company_id is not None:
        statement = statement.where(ScrapingSession.company_id == company_id)
    result = connection.execute(statement.values(
        status="abandoned", finished_at=now or utc_now(), finish_reason="abandoned"
    ))
    return result.rowcount or 0


def open_session(connection: Connection, company_id: int, spider: str, started_at: datetime) -> int:
    session = connection.execute(
        ScrapingSession.__table__.insert().values(
            company_id=company_id, spider=spider, status="running", started_at=started_at,
            requests=0, items_seen=0, jobs_new=0, jobs_updated=0, jobs_unchanged=0,
            jobs_reactivated=0, jobs_removed=0, items_invalid=0, errors=0,
            removals_skipped=False, hostname=socket.gethostname(), pid=os.getpid(),
        ).returning(ScrapingSession.id)
    )
    return session.scalar_one()


def active_count(connection: Connection, company_id: int) -> int:
    return connection.execute(
        select(func.count()).select_from(JobPosition)
        .where(JobPosition.company_id == company_id, JobPosition.is_active.is_(True))
    ).scalar_one()


def known_listings(connection: Connection, company_id: int) -> dict[str, str | None]:
    rows = connection.execute(
        select(JobPosition.external_id, JobPosition.listing_fingerprint)
        .where(JobPosition.company_id == company_id, JobPosition.is_active.is_(True))
    )
    return dict(rows.all())


@dataclass(frozen=True)
class CrawlOutcome:
    """What the crawl looked like when it closed; the input of the removal guard."""

    finish_reason: str
    incomplete_reasons: tuple[str, ...]
    spider_exceptions: int
    seen: int
    active_before: int
    since_window: bool
    consecutive_empty: int


@dataclass(frozen=True)
class RemovalDecision:
    remove: bool
    status: str
    skip_reason: str | None
    consecutive_empty: int


def decide_removal(outcome: CrawlOutcome, min_seen_share: float, empty_crawls_to_clear: int) -> RemovalDecision:
    """Remove unseen postings only after a complete, healthy crawl that saw enough of the board."""
    empty = outcome.consecutive_empty
    if outcome.finish_reason != "finished":
        return RemovalDecision(False, "failed", f"crawl ended with {outcome.finish_reason}", empty)
    if outcome.incomplete_reasons:
        status = "failed" if outcome.seen == 0 else "partial"
        return RemovalDecision(False, status, "incomplete listing: " + outcome.incomplete_reasons[0], empty)
    if outcome.spider_exceptions:
        status = "failed" if outcome.seen == 0 else "partial"
        return RemovalDecision(False, status, f"{outcome.spider_exceptions} spider exception(s)", empty)
    if outcome.since_window:
        return RemovalDecision(False, "completed", "since-window crawl never removes", empty)
    if outcome.seen == 0 and outcome.active_before > 0:
        empty += 1
        if empty >= empty_crawls_to_clear:
            return RemovalDecision(True, "completed", None, empty)
        return RemovalDecision(
            False, "partial",
            f"empty board ({empty} of {empty_crawls_to_clear} consecutive empty crawls before clearing)",
            empty,
        )
    if outcome.seen < min_seen_share * outcome.active_before:
        return RemovalDecision(
            False, "partial",
            f"saw {outcome.seen} of {outcome.active_before} active postings, "
            f"below the {min_seen_share:.0%} guard",
            0,
        )
    return RemovalDecision(True, "completed", None, 0)
