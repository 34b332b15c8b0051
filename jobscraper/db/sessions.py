"""Companies and crawl sessions: opening a session, the removal guard, closing it."""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from jobscraper.db.models import Company, JobPosition, ScrapingSession, SessionStatus, utc_now
from jobscraper.known import KnownListings


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
    statement = dialect_insert(Company)
    statement = statement.on_conflict_do_update(
        index_elements=[Company.slug],
        set_={"name": statement.excluded.name, "platform": statement.excluded.platform,
              "careers_url": statement.excluded.careers_url, "updated_at": statement.excluded.updated_at},
    ).returning(Company.slug, Company.id)
    # The rows as parameters, not in the statement: compiled once and cached, the statement is
    # sent as multi-row VALUES all the same (SQLAlchemy's "insertmanyvalues"); the roster's
    # 373 rows compiled into the statement cost every crawlall 0.1 s.
    rows = [{"slug": s.slug, "name": s.name, "platform": s.platform, "careers_url": s.careers_url,
             "is_active": True, "consecutive_held_removals": 0, "created_at": now, "updated_at": now}
            for s in specs]
    return dict(connection.execute(statement, rows).all())



def set_companies_active(connection: Connection, slugs: list[str], active: bool) -> list[str]:
    """Pause (``active=False``) or resume companies; the slugs that have no company row."""
    now = utc_now()
    found = set(connection.execute(
        update(Company).where(Company.slug.in_(slugs)).values(is_active=active, updated_at=now)
        .returning(Company.slug)).scalars())
    return [slug for slug in slugs if slug not in found]

def abandon_running(connection: Connection, company_id: int | None = None, now: datetime | None = None) -> int:
    """Sessions left ``running`` by a killed process become ``abandoned``."""
    statement = update(ScrapingSession).where(ScrapingSession.status == SessionStatus.RUNNING)
    if company_id is not None:
        statement = statement.where(ScrapingSession.company_id == company_id)
    result = connection.execute(statement.values(
        status=SessionStatus.ABANDONED, finished_at=now or utc_now(), finish_reason="abandoned"
    ))
    return result.rowcount or 0


def open_session(connection: Connection, company_id: int, spider: str, started_at: datetime,
                 **values: Any) -> int:
    session = connection.execute(
        ScrapingSession.__table__.insert().values(**{
            "company_id": company_id, "spider": spider, "status": SessionStatus.RUNNING,
            "started_at": started_at, "requests": 0, "items_seen": 0, "jobs_new": 0,
            "jobs_updated": 0, "jobs_unchanged": 0, "jobs_reactivated": 0, "jobs_removed": 0,
            "items_invalid": 0, "errors": 0, "removals_skipped": False,
            "hostname": socket.gethostname(), "pid": os.getpid(), **values,
        }).returning(ScrapingSession.id)
    )
    return session.scalar_one()


def record_failed_start(connection: Connection, company: CompanySpec, reason: str, finish_reason: str,
                        now: datetime | None = None) -> int:
    """A finished ``failed`` session for a crawl that could not start, with the reason, so the
    summary and ``stats`` show the company instead of leaving it out."""
    now = now or utc_now()
    company_id = sync_companies(connection, [company])[company.slug]
    return open_session(connection, company_id, company.slug, now, status=SessionStatus.FAILED,
                        finished_at=now, finish_reason=finish_reason, errors=1, removals_skipped=True,
                        removals_skipped_reason=reason)


def held_removals(connection: Connection, company_id: int) -> int:
    return connection.execute(
        select(Company.consecutive_held_removals).where(Company.id == company_id)
    ).scalar_one()


def close_session(connection: Connection, company_id: int, session_id: int, held: int,
                  values: dict[str, Any]) -> None:
    """Write a crawl's outcome: its session row and the company's count of held removals."""
    connection.execute(update(Company).where(Company.id == company_id)
                       .values(consecutive_held_removals=held))
    connection.execute(update(ScrapingSession).where(ScrapingSession.id == session_id).values(**values))


def active_count(connection: Connection, company_id: int) -> int:
    """The company's active direct postings (a VC board's own are counted by the board)."""
    return count_active(connection, company_id, JobPosition.board_id.is_(None))


def count_active(connection: Connection, company_id: int, *conditions: Any) -> int:
    return connection.execute(
        select(func.count()).select_from(JobPosition)
        .where(JobPosition.company_id == company_id, JobPosition.is_active.is_(True), *conditions)
    ).scalar_one()


def known_listings(connection: Connection, company_id: int) -> KnownListings:
    """The listing fingerprints of the company's active postings, read 10,000 rows at a time."""
    return KnownListings(connection.execute(
        select(JobPosition.external_id, JobPosition.listing_fingerprint)
        .where(JobPosition.company_id == company_id, JobPosition.is_active.is_(True))
        .execution_options(yield_per=10_000)
    ))


@dataclass(frozen=True)
class CrawlOutcome:
    """What the crawl looked like when it closed; the input of the removal guard."""

    finish_reason: str
    incomplete_reasons: tuple[str, ...]
    spider_exceptions: int
    seen: int
    active_before: int
    unseen: int  # active postings this crawl did not see: what a removal would mark removed
    since_window: bool
    held_before: int  # consecutive earlier crawls whose removal a size guard held back
    item_errors: int = 0  # items that raised in a pipeline or that the database refused


@dataclass(frozen=True)
class RemovalGuard:
    min_seen_share: float = 0.5
    max_removed_share: float = 0.25
    small_removal: int = 3  # removing this many is never held back by the share limit
    confirming_crawls: int = 3


@dataclass(frozen=True)
class RemovalDecision:
    remove: bool
    status: SessionStatus
    skip_reason: str | None
    held: int


def _size_concern(outcome: CrawlOutcome, guard: RemovalGuard) -> str | None:
    """Why removing now would be suspiciously large, or None."""
    seen, active, unseen = outcome.seen, outcome.active_before, outcome.unseen
    if active == 0 or unseen == 0:
        return None
    if seen == 0:
        return "empty board"
    if seen < guard.min_seen_share * active:
        return f"saw {seen} of {active} active postings, below the {guard.min_seen_share:.0%} guard"
    if unseen > max(guard.max_removed_share * active, guard.small_removal):
        return (f"saw {seen} of {active} active postings: removing the other {unseen} "
                f"({unseen / active:.0%}) is above the {guard.max_removed_share:.0%} limit")
    return None


def decide_removal(outcome: CrawlOutcome, guard: RemovalGuard) -> RemovalDecision:
    """Remove unseen postings only after a complete, healthy crawl, and a suspiciously large
    removal only once ``confirming_crawls`` consecutive healthy crawls have shown it.

    An unhealthy crawl removes nothing and leaves the count of confirming crawls as it was."""
    held = outcome.held_before
    unhealthy = SessionStatus.FAILED if outcome.seen == 0 else SessionStatus.PARTIAL
    if outcome.finish_reason != "finished":
        return RemovalDecision(False, SessionStatus.FAILED, f"crawl ended with {outcome.finish_reason}", held)
    if outcome.incomplete_reasons:
        return RemovalDecision(False, unhealthy, "incomplete listing: " + outcome.incomplete_reasons[0], held)
    if outcome.spider_exceptions:
        return RemovalDecision(False, unhealthy, f"{outcome.spider_exceptions} spider exception(s)", held)
    if outcome.item_errors:
        return RemovalDecision(False, unhealthy,
                               f"{outcome.item_errors} item error(s): postings not written", held)
    if outcome.since_window:
        return RemovalDecision(False, SessionStatus.COMPLETED, "since-window crawl never removes", held)
    concern = _size_concern(outcome, guard)
    if concern is None:
        return RemovalDecision(True, SessionStatus.COMPLETED, None, 0)
    held += 1
    if held >= guard.confirming_crawls:
        return RemovalDecision(True, SessionStatus.COMPLETED, None, 0)
    return RemovalDecision(
        False, SessionStatus.PARTIAL,
        f"{concern} ({held} of {guard.confirming_crawls} consecutive crawls before it is applied)",
        held,
    )


def active_slugs(connection: Connection) -> set[str]:
    return set(connection.execute(select(Company.slug).where(Company.is_active.is_(True))).scalars())


def sessions_by_id(engine: Engine, ids: list[int]) -> dict[int, ScrapingSession]:
    """The session rows with these ids, detached from the ORM session that read them."""
    if not ids:
        return {}
    with Session(engine, expire_on_commit=False) as db:
        return {row.id: row for row in db.scalars(select(ScrapingSession).where(ScrapingSession.id.in_(ids)))}


def last_session_id(connection: Connection) -> int:
    return int(connection.execute(select(func.max(ScrapingSession.id))).scalar() or 0)


def sessions_after(connection: Connection, companies: list[str], after_id: int) -> dict[str, list[tuple[int, str]]]:
    """(session id, status) of each company's sessions opened after ``after_id``, oldest first."""
    found: dict[str, list[tuple[int, str]]] = {company: [] for company in companies}
    if not companies:
        return found
    query = (select(Company.slug, ScrapingSession.id, ScrapingSession.status)
             .join(Company, Company.id == ScrapingSession.company_id)
             .where(ScrapingSession.id > after_id, Company.slug.in_(companies))
             .order_by(ScrapingSession.id))
    for slug, session_id, status in connection.execute(query):
        found[slug].append((session_id, status))
    return found

