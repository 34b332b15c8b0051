from __future__ import annotations

import argparse
from datetime import timedelta

from scrapy.commands import ScrapyCommand

from jobscraper.commands._ops import (
    one_line_errors,
    open_database,
    refresh_metrics,
    reject_arguments,
    window_days,
)
from jobscraper.db.maintenance import abandon_leftovers, delete_sessions
from jobscraper.db.models import utc_now


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
        one_line_errors(parser)
        parser.add_argument("--days", type=window_days, default=90,
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
