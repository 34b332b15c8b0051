from __future__ import annotations

import argparse
from collections import Counter
from datetime import datetime, timedelta

from scrapy.commands import ScrapyCommand
from sqlalchemy import Connection, insert, select, update

from jobscraper.commands._ops import open_database, positive_int, refresh_metrics, reject_arguments
from jobscraper.db.models import Company, JobEvent, JobPosition, utc_now


def mark_stale(connection: Connection, cutoff: datetime, now: datetime) -> Counter[int]:
    """Retire active postings last seen before ``cutoff``: one UPDATE, one bulk INSERT of events."""
    retired = connection.execute(
        update(JobPosition)
        .where(JobPosition.is_active.is_(True), JobPosition.last_seen_at < cutoff)
        .values(is_active=False, removed_at=now)
        .returning(JobPosition.id, JobPosition.company_id)
    ).all()
    if retired:
        connection.execute(insert(JobEvent), [
            {"job_position_id": position_id, "company_id": company_id, "session_id": None,
             "event_type": "stale", "changed_fields": None, "created_at": now}
            for position_id, company_id in retired
        ])
    return Counter(company_id for _, company_id in retired)


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--days 60]"

    def short_desc(self) -> str:
        return "Mark active postings not seen for N days inactive (a `stale` event each)"

    def long_desc(self) -> str:
        return ("Marks every active posting whose last sighting is more than --days days old "
                "(default 60) inactive, with a `stale` job event each. A healthy crawl removes "
                "vanished postings itself; this catches the companies whose spider has been "
                "failing, whose postings nobody has confirmed for weeks.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--days", type=positive_int, default=60,
                            help="retire postings not seen for this many days (default 60)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        reject_arguments(args)
        engine = open_database(self)
        if engine is None:
            return
        now = utc_now()
        with engine.begin() as connection:
            retired = mark_stale(connection, now - timedelta(days=opts.days), now)
            slugs = dict(connection.execute(
                select(Company.id, Company.slug).where(Company.id.in_(list(retired)))
            ).all()) if retired else {}
        total = sum(retired.values())
        by_company = ", ".join(f"{slugs[cid]} {n}" for cid, n in sorted(retired.items(), key=lambda x: slugs[x[0]]))
        print(f"marked {total} posting(s) stale (not seen for {opts.days} days)"
              + (f": {by_company}" if by_company else ""))
        refresh_metrics(self, engine)
