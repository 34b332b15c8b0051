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
from jobscraper.db.maintenance import mark_stale
from jobscraper.db.models import utc_now


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
        one_line_errors(parser)
        parser.add_argument("--days", type=window_days, default=60,
                            help="retire postings not seen for this many days (default 60)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        reject_arguments(args)
        engine = open_database(self)
        if engine is None:
            return
        now = utc_now()
        with engine.begin() as connection:
            retired = mark_stale(connection, now - timedelta(days=opts.days), now)
        total = sum(retired.values())
        by_company = ", ".join(f"{slug} {count}" for slug, count in sorted(retired.items()))
        print(f"marked {total} posting(s) stale (not seen for {opts.days} days)"
              + (f": {by_company}" if by_company else ""))
        refresh_metrics(self, engine)
