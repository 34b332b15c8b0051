from __future__ import annotations

import argparse

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.conf import arglist_to_dict

from jobscraper.commands import EXIT_FAILED, EXIT_OK, CommandFailed, error, ready_database
from jobscraper.runs import (
    check_spider_arguments,
    choose_companies,
    crawler_outcomes,
    render_summary,
    run_crawlers,
    summary_rows,
)


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "[--company SLUG ...] [--platform NAME] [-a NAME=VALUE ...]"

    def short_desc(self) -> str:
        return "Crawl every active company (or the chosen ones) in one process"

    def long_desc(self) -> str:
        return (
            "Crawls every active company (companies.is_active) or the ones named with --company / "
            "--platform, all in one process; companies on the same host share that host's "
            "politeness budget, and one failing company never stops the others. Spider arguments "
            "(-a base_url=..., -a full=1, -a since=24h) go to every spider. Prints a progress line "
            "per finished company and a summary table; exits 1 if any company failed."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--company", action="append", default=[], metavar="SLUG",
                            help="crawl only this company (repeatable)")
        parser.add_argument("--platform", metavar="NAME", help="crawl only companies on this platform")
        parser.add_argument("-a", dest="spargs", action="append", default=[], metavar="NAME=VALUE",
                            help="spider argument for every company (repeatable)")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        try:
            opts.spargs = arglist_to_dict(opts.spargs)
        except ValueError:
            raise UsageError("-a: give spider arguments as NAME=VALUE", print_help=False) from None

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(f"unexpected argument {args[0]!r}; name companies with --company")
        assert self.crawler_process
        loader = self.crawler_process.spider_loader
        try:
            engine = ready_database()
        except CommandFailed as exc:
            error(str(exc))
            self.exitcode = exc.exitcode
            return
        chosen = choose_companies(engine, loader, opts.company, opts.platform)
        if not chosen:
            error("no active company matches; `scrapy companies` lists them")
            self.exitcode = EXIT_FAILED
            return
        check_spider_arguments(loader, chosen, opts.spargs)
        self.exitcode = self.crawl_locally(engine, chosen, opts.spargs)

    def crawl_locally(self, engine, chosen: list[str], spargs: dict[str, str]) -> int:
        assert self.crawler_process
        crawlers = run_crawlers(self.crawler_process, chosen, spargs)
        rows = summary_rows(engine, *crawler_outcomes(crawlers))
        render_summary(rows)
        return EXIT_FAILED if any(row.failed for row in rows) else EXIT_OK
