from __future__ import annotations

import argparse
from datetime import datetime, timedelta

from scrapy.commands import ScrapyCommand
from sqlalchemy import Connection, Engine, delete, select, update

from jobscraper.commands._ops import open_database, positive_int, refresh_metrics, reject_arguments
from jobscraper.db.locks import CrawlLock, CrawlLocked
from jobscraper.db.models import Company, JobEvent, ScrapingSession, utc_now
from jobscraper.db.sessions import abandon_running


def abandon_leftovers(engine: Engine, now: datetime) -> tuple[int, int]:
    """Mark ``running`` sessions abandoned where no crawl holds the company's lock.

    Returns (abandoned, still running). The crawl lock tells a killed crawl's leftover from a
    crawl that is running right now.
    """
    with engine.connect() as connection:
        running = connection.execute(
            select(Company.id, Company.slug).distinct()
            .join(ScrapingSession, ScrapingSession.company_id == Company.id)
            .where(ScrapingSession.status == "running")
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
    old = select(ScrapingSession.id).where(
        ScrapingSession.started_at < cutoff, ScrapingSession.status != "running"
    )
    detached = connection.execute(
        update(JobEvent).where(JobEvent.session_id.in_(old)).values(session_id=None)
    ).rowcount or 0
    deleted = connection.execute(
        delete(ScrapingSession).where(ScrapingSession.started_at < cutoff, ScrapingSession.status != "running")
    ).rowcount or 0
    return deleted, detached


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--days 90]"

    def short_desc(self) -> str:
        return "Delete crawl sessions older than N days; mark leftover running ones abandoned"

    def long_desc(self) -> str:
        return ("Marks the sessions a killed crawl left `running` as `abandoned` (a crawl that is "
                "running right now holds its company's lock and is left alone), then deletes the "
                "crawl sessions started more than --days days ago (default 90). Job events keep "
                "their data; they just no longer point at a session. Prints the counts.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--days", type=positive_int, default=90,
                            help="delete sessions started more than this many days ago (default 90)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        reject_arguments(args)
        engine = open_database(self)
        if engine is None:
            return
        now = utc_now()
        abandoned, busy = abandon_leftovers(engine, now)
        with engine.begin() as connection:
            deleted, detached = delete_sessions(connection, now - timedelta(days=opts.days))
        print(f"marked {abandoned} leftover running session(s) abandoned"
              + (f" ({busy} company crawl(s) still running, left alone)" if busy else ""))
        print(f"deleted {deleted} crawl session(s) older than {opts.days} days "
              f"({detached} job event(s) kept, detached from them)")
        refresh_metrics(self, engine)
