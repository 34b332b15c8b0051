from __future__ import annotations

import argparse
from datetime import timedelta

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from jobscraper.commands._ops import (
    Column, add_format_option, check_companies, open_database, positive_int, reject_arguments, render,
)
from jobscraper.db.models import utc_now

COLUMNS = (
    Column("company", "company"),
    Column("kind", "kind"),
    Column("severity", "severity"),
    Column("evidence", "evidence"),
    Column("since", "since", "time"),
)


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--days 14] [--company SLUG ...] [--format table|json|csv]"

    def short_desc(self) -> str:
        return "Findings about crawls that fail quietly: yield drops, blank fields, bot walls, …"

    def long_desc(self) -> str:
        return ("Reads the crawl sessions of the last --days days and lists, per company: a yield "
                "drop (under 50% of the median of its healthy crawls), fewer postings listed than "
                "the platform advertised, a jump in blank descriptions/locations/dates, a blocked "
                "listing (403, 429, a bot wall), no completed crawl for 2 days, a run of failed or "
                "partial crawls, and a removal the guard is holding back. README: Monitoring.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--days", type=positive_int, default=14,
                            help="how far back to read crawl sessions (default 14)")
        parser.add_argument("--company", action="append", default=[], metavar="SLUG",
                            help="only this company (repeatable)")
        add_format_option(parser)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        from jobscraper.monitoring.watch import current_findings  # only when asked: every command imports this module

        reject_arguments(args)
        if opts.days > 3650:
            raise UsageError("--days: at most 3650", print_help=False)
        companies = check_companies(self.settings, opts.company)
        engine = open_database(self)
        if engine is None:
            return
        findings = current_findings(engine, timedelta(days=opts.days), companies or None)
        render(COLUMNS, [finding.as_row() for finding in findings], opts.format,
               title=f"Health findings ({len(findings)}) over the last {opts.days} day(s)",
               meta={"days": opts.days, "at": utc_now()}, list_key="findings")
