"""What the web app's posting, company, sessions and new pages read: a few grouped queries each."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select

from jobscraper.db.models import Company, JobEvent, JobPosition, ScrapingSession
from jobscraper.db.search import RESULT_COLUMNS, seniority_column

OPENING_EVENTS = ("created", "reactivated")
CLOSING_EVENTS = ("removed", "stale")


def company_by_slug(connection: Connection, slug: str) -> Any | None:
    return connection.execute(select(Company.__table__).where(Company.slug == slug)).first()


def posting(connection: Connection, posting_id: int) -> Any | None:
    columns = [*JobPosition.__table__.c, Company.slug.label("company"), Company.name.label("company_name"),
               seniority_column(connection.dialect.name).label("seniority")]
    return connection.execute(
        select(*columns).join(Company, Company.id == JobPosition.company_id).where(JobPosition.id == posting_id)
    ).first()


def events(connection: Connection, posting_id: int) -> list[Any]:
    """The posting's timeline, oldest first, each event with its crawl session (when kept)."""
    return list(connection.execute(
        select(JobEvent.id, JobEvent.event_type, JobEvent.changed_fields, JobEvent.created_at,
               JobEvent.session_id, ScrapingSession.status.label("session_status"),
               ScrapingSession.started_at.label("session_started_at"), ScrapingSession.spider)
        .outerjoin(ScrapingSession, ScrapingSession.id == JobEvent.session_id)
        .where(JobEvent.job_position_id == posting_id)
        .order_by(JobEvent.created_at, JobEvent.id)
    ))


def open_postings(connection: Connection, company_id: int, limit: int = 200) -> list[Any]:
    return list(connection.execute(
        select(*RESULT_COLUMNS).join(Company, Company.id == JobPosition.company_id)
        .where(JobPosition.company_id == company_id, JobPosition.is_active.is_(True))
        .order_by(JobPosition.first_seen_at.desc(), JobPosition.id.desc()).limit(limit)
    ))


def new_postings(connection: Connection, since: datetime) -> list[Any]:
    """Postings first seen since ``since`` (open or not), by company, newest first."""
    return list(connection.execute(
        select(*RESULT_COLUMNS).join(Company, Company.id == JobPosition.company_id)
        .where(JobPosition.first_seen_at >= since)
        .order_by(Company.name, JobPosition.first_seen_at.desc(), JobPosition.id.desc())
    ))


def open_count(connection: Connection, company_id: int) -> int:
    return connection.execute(
        select(func.count()).where(JobPosition.company_id == company_id, JobPosition.is_active.is_(True))
    ).scalar_one()


def by_department(connection: Connection, company_id: int) -> list[tuple[str, int]]:
    rows = connection.execute(
        select(JobPosition.department, func.count())
        .where(JobPosition.company_id == company_id, JobPosition.is_active.is_(True))
        .group_by(JobPosition.department)
    ).all()
    return sorted(((department or "(none)", n) for department, n in rows), key=lambda pair: (-pair[1], pair[0]))


def trend(connection: Connection, company_id: int, days: int, now: datetime) -> list[dict[str, Any]]:
    """Per day of the last ``days``: postings open at the end of the day, new, and removed.

    Open counts walk back from today's open postings through the events (created and
    reactivated open a posting; removed and stale close one), so they match the database now.
    """
    start = (now - timedelta(days=days - 1)).date()
    day = func.date(JobEvent.created_at)
    rows = connection.execute(
        select(day.label("day"), JobEvent.event_type, func.count())
        .where(JobEvent.company_id == company_id,
               JobEvent.created_at >= datetime.combine(start, datetime.min.time(), now.tzinfo))
        .group_by(day, JobEvent.event_type)
    ).all()
    per_day: dict[date, Counter[str]] = {}
    for event_day, event_type, count in rows:
        event_day = event_day if isinstance(event_day, date) else date.fromisoformat(str(event_day))
        per_day.setdefault(event_day, Counter())[event_type] += count
    open_now = open_count(connection, company_id)
    series = []
    open_at_end = open_now
    for offset in range(days):
        current = now.date() - timedelta(days=offset)
        counts = per_day.get(current, Counter())
        new = counts["created"]
        removed = sum(counts[kind] for kind in CLOSING_EVENTS)
        series.append({"date": current, "open": open_at_end, "new": new, "removed": removed})
        open_at_end -= sum(counts[kind] for kind in OPENING_EVENTS) - removed
    return list(reversed(series))


def weekly(series: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The daily new/removed counts summed per ISO week (labelled by its Monday)."""
    weeks: dict[date, dict[str, Any]] = {}
    for point in series:
        monday = point["date"] - timedelta(days=point["date"].weekday())
        week = weeks.setdefault(monday, {"week": monday, "new": 0, "removed": 0})
        week["new"] += point["new"]
        week["removed"] += point["removed"]
    return list(weeks.values())


SESSION_COLUMNS = (
    ScrapingSession.id, Company.slug.label("company"), ScrapingSession.spider, ScrapingSession.status,
    ScrapingSession.started_at, ScrapingSession.finished_at, ScrapingSession.finish_reason,
    ScrapingSession.requests, ScrapingSession.items_seen, ScrapingSession.jobs_new,
    ScrapingSession.jobs_updated, ScrapingSession.jobs_removed, ScrapingSession.errors,
    ScrapingSession.removals_skipped_reason,
)


def sessions(connection: Connection, since: datetime, company_id: int | None = None,
             limit: int = 1000) -> list[Any]:
    statement = (select(*SESSION_COLUMNS).join(Company, Company.id == ScrapingSession.company_id)
                 .where(ScrapingSession.started_at >= since)
                 .order_by(ScrapingSession.started_at.desc(), ScrapingSession.id.desc()).limit(limit))
    if company_id is not None:
        statement = statement.where(ScrapingSession.company_id == company_id)
    return list(connection.execute(statement))


def last_error(connection: Connection, company_id: int) -> Any | None:
    return connection.execute(
        select(*SESSION_COLUMNS).join(Company, Company.id == ScrapingSession.company_id)
        .where(ScrapingSession.company_id == company_id, ScrapingSession.status.in_(("failed", "abandoned", "partial")))
        .order_by(ScrapingSession.started_at.desc()).limit(1)
    ).first()


def duration_seconds(session: Any) -> float | None:
    if session.finished_at is None:
        return None
    return (session.finished_at - session.started_at).total_seconds()
