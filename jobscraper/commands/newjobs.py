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
    window_hours,
)
from jobscraper.db.models import utc_now
from jobscraper.db.reports import new_postings

COLUMNS = (
    Column("first_seen", "first seen", "time"),
    Column("company", "company"),
    Column("title", "title"),
    Column("location", "location"),
    Column("department", "department", optional=True),
    Column("url", "url", "line"),
    Column("external_id", "id", optional=True),
    Column("active", "active", "bool"),
    Column("flags", "flags", optional=True),
)


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--hours 24] [--company SLUG ...] [--format table|json|csv]"

    def short_desc(self) -> str:
        return "The postings first seen in the last hours, newest first"

    def long_desc(self) -> str:
        return ("Lists the postings first seen in the last --hours hours (default 24), newest "
                "first, with company, title, location, department and link; `active` says whether "
                "the posting is still up, `flags` whether it is reposted, posted earlier than we "
                "first saw it, or open for more than 120 days. One role posted in several cities "
                "is one row with all its cities. JSON and CSV are for scripts and the alerts.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        one_line_errors(parser)
        parser.add_argument("--hours", type=window_hours, default=24, help="the window in hours (default 24)")
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
        since = now - timedelta(hours=opts.hours)
        with engine.connect() as connection:
            rows = new_postings(connection, since, companies)
        render(COLUMNS, rows, opts.format, title=f"{len(rows)} new posting(s) in the last {opts.hours} hour(s)",
               meta={"hours": opts.hours, "since": since, "until": now, "count": len(rows)},
               list_key="jobs")
