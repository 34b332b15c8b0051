from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from jobscraper.commands import EXIT_BY_STATUS, EXIT_FAILED, CommandFailed, error, ready_database
from jobscraper.platforms.base import SpiderConfigurationError


class Command(ScrapyCrawlCommand):
    """``scrapy crawl``, with the database made ready first and an exit code per outcome."""

    def short_desc(self) -> str:
        return "Crawl one company into the database (exit 0 completed, 3 partial, 1 failed, 75 locked)"

    def long_desc(self) -> str:
        return (
            "Crawls one company by spider name, diffs the postings against the database and "
            "records a crawl session. Spider arguments: -a base_url=http://host:port (stand-in "
            "server), -a full=1 (fetch every detail page), -a since=24h (only recent postings, "
            "removes nothing). Exit codes: 0 completed, 1 failed (or database unreachable), "
            "2 bad arguments, 3 partial (removals skipped), 75 another crawl of the company runs."
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name; `scrapy list` shows them")
        assert self.crawler_process
        try:
            spider_cls = self.crawler_process.spider_loader.load(args[0])
        except KeyError:
            raise UsageError(f"no spider named {args[0]!r}; `scrapy list` shows them") from None
        try:
            spider_cls(**opts.spargs)
        except (SpiderConfigurationError, TypeError) as exc:
            raise UsageError(str(exc)) from None
        try:
            ready_database()
        except CommandFailed as exc:
            error(str(exc))
            self.exitcode = exc.exitcode
            return
        crawler = self.crawler_process.create_crawler(spider_cls)
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        status = crawler.stats.get_value("jobscraper/session/status") if crawler.stats else None
        self.exitcode = EXIT_BY_STATUS.get(status, EXIT_FAILED)
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_FAILED
