"""Read-only reports over the database: per-company crawl stats, new postings, the roster.

Each report is a handful of grouped queries (never one per company or per posting) and returns
plain rows (dicts), which the ``stats``, ``newjobs`` and ``companies`` commands print and the
alerts reuse.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, case, func, select, true

from jobscraper.db.lifecycle import age_flags
from jobscraper.db.models import Company, JobEvent, JobPosition, ScrapingSession, utc_now

ERROR_STATUSES = ("failed", "abandoned")


def _company_filter(slugs: Sequence[str] | None):
    return Company.slug.in_(list(slugs)) if slugs else true()


def _active_counts(connection: Connection) -> dict[int, int]:
    return dict(connection.execute(
        select(JobPosition.company_id, func.count())
        .where(JobPosition.is_active.is_(True)).group_by(JobPosition.company_id)
    ).all())


def _active_roles(connection: Connection) -> dict[int, int]:
    """Active postings per company, one role posted in several cities (a requisition) once."""
    return dict(connection.execute(
        select(JobPosition.company_id,
               func.count(func.distinct(func.coalesce(JobPosition.requisition_id, JobPosition.id))))
        .where(JobPosition.is_active.is_(True)).group_by(JobPosition.company_id)
    ).all())


def _latest_sessions(connection: Connection, statuses: Sequence[str] | None = None) -> dict[int, Any]:
    """The newest session of each company (of the given statuses), as rows."""
    newest = select(func.max(ScrapingSession.id))
    if statuses:
        newest = newest.where(ScrapingSession.status.in_(list(statuses)))
    newest = newest.group_by(ScrapingSession.company_id)
    sessions = ScrapingSession.__table__
    rows = connection.execute(select(sessions).where(sessions.c.id.in_(newest))).all()
    return {row.company_id: row for row in rows}


def _error_text(session: Any) -> str:
    reason = session.removals_skipped_reason or session.finish_reason or "no reason recorded"
    return f"{session.started_at:%Y-%m-%d %H:%M} {session.status}: {reason}"


def company_stats(connection: Connection, since: datetime,
                  companies: Sequence[str] | None = None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Per company, the crawls started since ``since``; and a totals row.

    ``crawls`` counts finished sessions (not ``running``); ``success_rate`` is the share of them
    that completed; ``stale`` counts postings ``markstale`` retired in the window; ``active`` is
    now, ``roles`` the same counting one role posted in several cities once; ``last_success`` is
    the last completed crawl ever, ``last_error`` the last failed or
    abandoned one.
    """
    finished = ScrapingSession.status != "running"
    window = (
        select(
            ScrapingSession.company_id,
            func.count().label("crawls"),
            func.sum(case((ScrapingSession.status == "completed", 1), else_=0)).label("completed"),
            func.sum(ScrapingSession.items_seen).label("seen"),
            func.sum(ScrapingSession.jobs_new).label("new"),
            func.sum(ScrapingSession.jobs_updated).label("updated"),
            func.sum(ScrapingSession.jobs_removed).label("removed"),
        )
        .where(ScrapingSession.started_at >= since, finished)
        .group_by(ScrapingSession.company_id)
    )
    crawled = {row.company_id: row for row in connection.execute(window)}
    stale = dict(connection.execute(
        select(JobEvent.company_id, func.count())
        .where(JobEvent.event_type == "stale", JobEvent.created_at >= since)
        .group_by(JobEvent.company_id)
    ).all())
    last_success = dict(connection.execute(
        select(ScrapingSession.company_id, func.max(ScrapingSession.finished_at))
        .where(ScrapingSession.status == "completed").group_by(ScrapingSession.company_id)
    ).all())
    last_error = _latest_sessions(connection, ERROR_STATUSES)
    active = _active_counts(connection)
    roles = _active_roles(connection)

    rows = []
    for company in connection.execute(
        select(Company.id, Company.slug).where(_company_filter(companies)).order_by(Company.slug)
    ):
        got = crawled.get(company.id)
        crawls = got.crawls if got else 0
        rows.append({
            "company": company.slug,
            "crawls": crawls,
            "completed": int(got.completed) if got else 0,
            "success_rate": (int(got.completed) / crawls) if crawls else None,
            "seen": int(got.seen or 0) if got else 0,
            "new": int(got.new or 0) if got else 0,
            "updated": int(got.updated or 0) if got else 0,
            "removed": int(got.removed or 0) if got else 0,
            "stale": stale.get(company.id, 0),
            "active": active.get(company.id, 0),
            "roles": roles.get(company.id, 0),
            "last_success": last_success.get(company.id),
            "last_error": _error_text(last_error[company.id]) if company.id in last_error else None,
        })
    crawls = sum(row["crawls"] for row in rows)
    completed = sum(row["completed"] for row in rows)
    successes = [row["last_success"] for row in rows if row["last_success"]]
    totals = {
        "company": "TOTAL",
        **{key: sum(row[key] for row in rows)
           for key in ("crawls", "completed", "seen", "new", "updated", "removed", "stale", "active", "roles")},
        "success_rate": completed / crawls if crawls else None,
        "last_success": max(successes) if successes else None,
        "last_error": None,
    }
    return rows, totals


def new_postings(connection: Connection, since: datetime,
                 companies: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The postings first seen since ``since``, newest first (still active or not).

    One role posted in several cities (a requisition) is one row with all its cities;
    ``flags`` says "reposted", "posted earlier", "long open".
    """
    rows = connection.execute(
        select(JobPosition.first_seen_at, Company.slug, JobPosition.external_id, JobPosition.title,
               JobPosition.location, JobPosition.department, JobPosition.url, JobPosition.is_active,
               JobPosition.city, JobPosition.posted_at, JobPosition.reposted_from_id, JobPosition.requisition_id)
        .join(Company, Company.id == JobPosition.company_id)
        .where(and_(JobPosition.first_seen_at >= since, _company_filter(companies)))
        .order_by(JobPosition.first_seen_at.desc(), Company.slug, JobPosition.title, JobPosition.external_id)
    )
    now = utc_now()
    found: list[dict[str, Any]] = []
    roles: dict[int, dict[str, Any]] = {}
    for row in rows:
        flags = (["reposted"] if row.reposted_from_id else []) \
            + age_flags(row.first_seen_at, row.posted_at, now, row.is_active)
        role = roles.get(row.requisition_id) if row.requisition_id else None
        if role is not None:
            if row.city and row.city not in role["cities"]:
                role["cities"].append(row.city)
                role["location"] = "; ".join(role["cities"])
            role["flags"] += [flag for flag in flags if flag not in role["flags"]]
            continue
        entry = {"first_seen": row.first_seen_at, "company": row.slug, "external_id": row.external_id,
                 "title": row.title, "location": row.location, "department": row.department,
                 "url": row.url, "active": row.is_active, "flags": flags,
                 "cities": [row.city] if row.city else []}
        if row.requisition_id:
            roles[row.requisition_id] = entry
        found.append(entry)
    for entry in found:
        del entry["cities"]
        entry["flags"] = ", ".join(entry["flags"])
    return found


def roster(connection: Connection, spiders: Sequence[str]) -> list[dict[str, Any]]:
    """Every company row, with its active postings and its latest crawl. Its state is active,
    paused (``is_active`` false: crawlall skips it) or orphaned (no spider is left for it)."""
    active = _active_counts(connection)
    latest = _latest_sessions(connection)
    known = set(spiders)
    rows = []
    for company in connection.execute(select(Company.__table__).order_by(Company.slug)):
        session = latest.get(company.id)
        rows.append({
            "company": company.slug,
            "name": company.name,
            "platform": company.platform,
            "state": ("active" if company.is_active else "paused") if company.slug in known else "orphaned",
            "active": company.is_active,
            "spider": company.slug in known,
            "postings": active.get(company.id, 0),
            "last_crawl": session.started_at if session else None,
            "last_status": session.status if session else "never crawled",
        })
    return rows
