"""The daily housekeeping writes: retiring postings nobody has seen for weeks, marking the
sessions of killed crawls abandoned, and pruning old crawl sessions."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import Connection, Engine, delete, select, update

from jobscraper.db.locks import CrawlLock, CrawlLocked
from jobscraper.db.models import Company, JobEvent, JobPosition, ScrapingSession, SessionStatus
from jobscraper.db.postings import event_row, insert_events
from jobscraper.db.sessions import abandon_running


def mark_stale(connection: Connection, cutoff: datetime, now: datetime) -> Counter[str]:
    """Retire active postings last seen before ``cutoff``: one UPDATE, one bulk INSERT of events.

    Returns how many were retired, by company slug.
    """
    retired = connection.execute(
        update(JobPosition)
        .where(JobPosition.is_active.is_(True), JobPosition.last_seen_at < cutoff)
        .values(is_active=False, removed_at=now)
        .returning(JobPosition.id, JobPosition.company_id)
    ).all()
    if not retired:
        return Counter()
    insert_events(connection, [event_row(position_id, company_id, None, "stale", None, now)
                               for position_id, company_id in retired])
    by_company = Counter(company_id for _, company_id in retired)
    slugs = dict(connection.execute(
        select(Company.id, Company.slug).where(Company.id.in_(list(by_company)))
    ).all())
    return Counter({slugs[company_id]: count for company_id, count in by_company.items()})


def abandon_leftovers(engine: Engine, now: datetime) -> tuple[int, int]:
    """Mark ``running`` sessions abandoned where no crawl holds the company's lock.

    Returns (abandoned, still running). The crawl lock tells a killed crawl's leftover from a
    crawl that is running right now.
    """
    with engine.connect() as connection:
        running = connection.execute(
            select(Company.id, Company.slug).distinct()
            .join(ScrapingSession, ScrapingSession.company_id == Company.id)
            .where(ScrapingSession.status == SessionStatus.RUNNING)
        ).all()
    abandoned = busy = 0
    for company_id, slug in running:
        lock = CrawlLock(engine, slug)
        try:
            lock.acquire()
        except CrawlLocked:
            busy += 1
            continue
        try:
            with engine.begin() as connection:
                abandoned += abandon_running(connection, company_id, now)
        finally:
            lock.release()
    return abandoned, busy


def delete_sessions(connection: Connection, cutoff: datetime) -> tuple[int, int]:
    """Delete finished sessions started before ``cutoff``; their events stay, detached.

    Returns (sessions deleted, events detached).
    """
    finished_before_cutoff = (ScrapingSession.started_at < cutoff, ScrapingSession.status != SessionStatus.RUNNING)
    detached = connection.execute(
        update(JobEvent)
        .where(JobEvent.session_id.in_(select(ScrapingSession.id).where(*finished_before_cutoff)))
        .values(session_id=None)
    ).rowcount or 0
    deleted = connection.execute(delete(ScrapingSession).where(*finished_before_cutoff)).rowcount or 0
    return deleted, detached
