from __future__ import annotations

import argparse
import time

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader

from jobscraper.commands import (
    EXIT_BY_STATUS,
    EXIT_FAILED,
    CommandFailed,
    error,
    load_download_handler,
    progress_line,
    ready_database,
)
from jobscraper.commands._crawl_arguments import check_settings, check_spider_arguments
from jobscraper.commands._ops import one_line_errors
from jobscraper.db.models import SessionStatus
from sqlalchemy.exc import SQLAlchemyError

from jobscraper.db.engine import first_line
from jobscraper.ops.runs import SummaryRow, crawler_outcomes, run_crawlers, summary_rows

# Worst first: the exit code of a crawl of several companies is that of the worst outcome.
SEVERITY = (SessionStatus.FAILED, SessionStatus.LOCKED, SessionStatus.PARTIAL, SessionStatus.COMPLETED)


class Command(ScrapyCrawlCommand):
    """``scrapy crawl``, with the database made ready first and an exit code per outcome."""

    def short_desc(self) -> str:
        return "Crawl one company into the database (exit 0 completed, 3 partial, 1 failed, 75 locked)"

    def long_desc(self) -> str:
        return (
            "Crawls one company by spider name, diffs the postings against the database and "
            "records a crawl session. Spider arguments: -a base_url=http://host:port (stand-in "
            "server), -a full=1 (fetch every detail page), -a since=24h (only recent postings, "
            "removes nothing). The setting JOBSCRAPER_CRAWL_GROUP=a,b crawls those companies in "
            "the same process too (scrapyd jobs use it to keep companies of one ATS host "
            "together). Exit codes: 0 completed, 1 failed (or database unreachable), 2 bad "
            "arguments, 3 partial (removals skipped), 75 another crawl of the company runs."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        one_line_errors(parser)

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        """Every argument is checked here, before the crawler process (and its log) starts."""
        super().process_options(args, opts)
        load_download_handler()
        if len(args) != 1:
            raise UsageError("give exactly one spider name; `scrapy list` shows them", print_help=False)
        assert self.settings is not None
        loader = get_spider_loader(self.settings)
        spider_classes = []
        for name in self.names(args):
            try:
                spider_classes.append(loader.load(name))
            except KeyError:
                raise UsageError(f"no spider named {name!r}; `scrapy list` shows them", print_help=False) from None
        check_spider_arguments(spider_classes, opts.spargs)
        check_settings(self.settings)

    def names(self, args: list[str]) -> list[str]:
        """The company named, then the others of its ``JOBSCRAPER_CRAWL_GROUP``."""
        assert self.settings is not None
        return [args[0], *(name for name in self.settings.getlist("JOBSCRAPER_CRAWL_GROUP") if name != args[0])]

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.crawler_process and self.settings is not None
        names = self.names(args)
        group = names[1:]
        try:
            engine = ready_database()
        except CommandFailed as exc:
            error(str(exc))
            self.exitcode = exc.exitcode
            return
        crawlers = run_crawlers(self.crawler_process, names, opts.spargs, progress_line(time.monotonic())) if group else self._crawl_one(names[0], opts)
        session_ids, statuses = crawler_outcomes(crawlers)
        try:
            rows = summary_rows(engine, session_ids, statuses)
        except SQLAlchemyError as exc:  # the database went away during the crawl
            rows = [SummaryRow(name, statuses.get(name, "failed"),
                               removal_skipped=f"the crawl session cannot be read: {first_line(exc)}")
                    for name in crawlers]
        for row in rows:
            print(result_line(row), flush=True)
        worst = min(statuses.values(), key=lambda s: SEVERITY.index(s) if s in SEVERITY else 0)
        self.exitcode = EXIT_BY_STATUS.get(worst, EXIT_FAILED)
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_FAILED

    def _crawl_one(self, name: str, opts: argparse.Namespace) -> dict:
        assert self.crawler_process
        crawler = self.crawler_process.create_crawler(name)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        return {name: crawler}


def result_line(row: SummaryRow) -> str:
    """The crawl's one result line on stdout, whatever the log level."""
    line = (f"{row.company}: {row.status}, seen {row.seen}, new {row.new}, updated {row.updated}, "
            f"removed {row.removed}" + (f" in {row.duration:.1f}s" if row.duration is not None else ""))
    reason = row.removal_skipped if row.removal_skipped not in ("", "yes") else ""
    if row.status == "locked":
        return f"{line} — another crawl of {row.company} is running"
    if row.status != "completed":
        return f"{line} — {reason or 'the crawl could not start (see the log)'}"
    return f"{line} — removals skipped: {reason}" if reason else line
