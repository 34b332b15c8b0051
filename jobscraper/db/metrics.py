"""What the metrics read: each company's last finished crawl and its postings now."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from jobscraper.db.models import Company, JobPosition, ScrapingSession

def _error_kinds(stats: dict[str, Any] | None) -> dict[str, int]:
    stats = stats or {}
    kinds: dict[str, int] = {}
    for key, value in stats.items():
        if not isinstance(value, (int, float)):
            continue
        if key.startswith("jobscraper/errors/"):
            kind = key.removeprefix("jobscraper/errors/")
        elif key.startswith("spider_exceptions/"):
            kind = "spider_exception"
        else:
            continue
        kinds[kind] = kinds.get(kind, 0) + int(value)
    if stats.get("jobscraper/crawl/incomplete"):
        kinds["incomplete_listing"] = int(stats["jobscraper/crawl/incomplete"])
    return kinds


def latest_crawls(connection: Connection) -> list[dict[str, Any]]:
    newest = (select(func.max(ScrapingSession.id)).where(ScrapingSession.status != "running")
              .group_by(ScrapingSession.company_id))
    sessions = {row.company_id: row for row in connection.execute(
        select(ScrapingSession.company_id, ScrapingSession.status, ScrapingSession.started_at,
               ScrapingSession.finished_at, ScrapingSession.requests, ScrapingSession.items_seen,
               ScrapingSession.jobs_new, ScrapingSession.jobs_updated, ScrapingSession.jobs_removed,
               ScrapingSession.stats)
        .where(ScrapingSession.id.in_(newest))
    )}
    active = dict(connection.execute(
        select(JobPosition.company_id, func.count()).where(JobPosition.is_active.is_(True))
        .group_by(JobPosition.company_id)
    ).all())
    rows = []
    for company in connection.execute(
        select(Company.id, Company.slug, Company.consecutive_held_removals).order_by(Company.slug)
    ):
        session = sessions.get(company.id)
        rows.append({
            "company": company.slug,
            "active": active.get(company.id, 0),
            "held_removals": company.consecutive_held_removals or 0,
            "status": session.status if session else None,
            "started_at": session.started_at if session else None,
            "finished_at": session.finished_at if session else None,
            "requests": session.requests if session else 0,
            "seen": session.items_seen if session else 0,
            "new": session.jobs_new if session else 0,
            "updated": session.jobs_updated if session else 0,
            "removed": session.jobs_removed if session else 0,
            "errors": _error_kinds(session.stats if session else None),
        })
    return rows
