from __future__ import annotations

import argparse
from datetime import timedelta

from scrapy.commands import ScrapyCommand

from jobscraper.commands._ops import (
    Column,
    add_format_option,
    check_companies,
    one_line_errors,
    open_database,
    reject_arguments,
    render,
    window_days,
)
from jobscraper.db.models import utc_now
from jobscraper.db.reports import company_stats

COLUMNS = (
    Column("company", "company"),
    Column("crawls", "crawls", "int"),
    Column("completed", "completed", "int", optional=True),
    Column("success_rate", "success", "rate"),
    Column("seen", "seen", "int"),
    Column("new", "new", "int"),
    Column("updated", "updated", "int"),
    Column("removed", "removed", "int"),
    Column("stale", "stale", "int", optional=True),
    Column("active", "active now", "int"),
    Column("roles", "roles now", "int", optional=True),
    Column("last_success", "last successful crawl", "time", optional=True),
    Column("last_error", "last error", "line"),
)


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--days 7] [--company SLUG ...] [--format table|json|csv]"

    def short_desc(self) -> str:
        return "Crawl health per company over the last days, with a totals row"

    def long_desc(self) -> str:
        return ("Per company, over the crawls started in the last --days days: crawls finished, "
                "how many completed and the success rate, postings seen/new/updated/removed, "
                "postings markstale retired, postings active now, the last successful crawl and "
                "the last failed or abandoned one with its reason. Ends with a totals row.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        one_line_errors(parser)
        parser.add_argument("--days", type=window_days, default=7, help="the window in days (default 7)")
        parser.add_argument("--company", action="append", default=[], metavar="SLUG",
                            help="only this company (repeatable)")
        add_format_option(parser)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        reject_arguments(args)
        companies = check_companies(self.settings, opts.company)
        engine = open_database(self)
        if engine is None:
            return
        now = utc_now()
        since = now - timedelta(days=opts.days)
        with engine.connect() as connection:
            rows, totals = company_stats(connection, since, companies)
        render(COLUMNS, rows, opts.format, title=f"Crawls of the last {opts.days} day(s)",
               meta={"days": opts.days, "since": since, "until": now},
               list_key="companies", totals=totals)
