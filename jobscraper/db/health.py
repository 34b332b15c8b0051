"""What the health findings read (crawl sessions and what each wrote) and the notice ledger."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select, true, update

from jobscraper.db.models import Company, HealthNotice, ScrapingSession, utc_now
from jobscraper.monitoring.findings import BLANK_FIELDS, CompanyHistory, Crawl, Finding
from jobscraper.pipelines.completeness import BLANK_STAT, PARSED_STAT

def _count(stats: dict[str, Any], key: str) -> int:
    value = stats.get(key)
    return int(value) if isinstance(value, (int, float)) else 0


def company_histories(connection: Connection, since: datetime, companies: Sequence[str] | None = None,
                      confirming_crawls: int = 3) -> list[CompanyHistory]:
    """Each active company's finished crawls started since ``since``, newest first."""
    company_rows = connection.execute(
        select(Company.id, Company.slug, Company.consecutive_held_removals)
        .where(Company.is_active.is_(True), Company.slug.in_(list(companies)) if companies else true())
        .order_by(Company.slug)
    ).all()
    first_crawl = dict(connection.execute(
        select(ScrapingSession.company_id, func.min(ScrapingSession.started_at))
        .group_by(ScrapingSession.company_id)
    ).all())
    sessions = connection.execute(
        select(ScrapingSession.id, ScrapingSession.company_id, ScrapingSession.status,
               ScrapingSession.started_at, ScrapingSession.items_seen, ScrapingSession.finish_reason,
               ScrapingSession.removals_skipped_reason, ScrapingSession.stats)
        .where(ScrapingSession.started_at >= since, ScrapingSession.status != "running")
        .order_by(ScrapingSession.started_at.desc(), ScrapingSession.id.desc())
    ).all()
    crawls: dict[int, list[Crawl]] = defaultdict(list)
    for row in sessions:
        stats = row.stats or {}
        crawls[row.company_id].append(Crawl(
            status=row.status, started_at=row.started_at, items_seen=row.items_seen or 0,
            reason=row.removals_skipped_reason or row.finish_reason, stats=stats,
            written=_count(stats, PARSED_STAT),
            blank={name: _count(stats, BLANK_STAT.format(name)) for name in BLANK_FIELDS},
        ))
    return [
        CompanyHistory(slug=company.slug, crawls=crawls.get(company.id, []),
                       held_removals=company.consecutive_held_removals or 0,
                       confirming_crawls=confirming_crawls, first_crawl_at=first_crawl.get(company.id))
        for company in company_rows
    ]


def notices(connection: Connection) -> dict[tuple[str, str], str | None]:
    """What the channels were told: (company, kind) -> the severity told, None if not told yet."""
    rows = connection.execute(select(HealthNotice.company, HealthNotice.kind, HealthNotice.notified_severity))
    return {(row.company, row.kind): row.notified_severity for row in rows}


def record_notice(connection: Connection, finding: Finding, *, notified: bool) -> None:
    """Insert or refresh the ledger row of a finding; ``notified`` marks it told at its severity."""
    now = utc_now()
    values = {"severity": finding.severity, "evidence": finding.evidence, "since": finding.since}
    if notified:
        values |= {"notified_severity": finding.severity, "notified_at": now}
    changed = connection.execute(
        update(HealthNotice).where(HealthNotice.company == finding.company, HealthNotice.kind == finding.kind)
        .values(**values)
    ).rowcount
    if not changed:
        connection.execute(HealthNotice.__table__.insert().values(
            company=finding.company, kind=finding.kind, **values))


def forget_notice(connection: Connection, company: str, kind: str) -> None:
    connection.execute(delete(HealthNotice).where(HealthNotice.company == company, HealthNotice.kind == kind))
