from __future__ import annotations

import argparse
import os
import time

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.conf import arglist_to_dict

from jobscraper.ops import scrapyd
from jobscraper.commands import (
    EXIT_FAILED,
    EXIT_OK,
    CommandFailed,
    error,
    load_download_handler,
    progress_line,
    ready_database,
)
from jobscraper.commands._crawl_arguments import check_settings, check_spider_arguments
from jobscraper.commands._ops import one_line_errors
from jobscraper.ops.runs import (
    CRAWLS_AT_ONCE,
    SUMMARY_MODES,
    crawl_host,
    interleave_by_host,
    choose_companies,
    crawler_outcomes,
    record_unstarted,
    render_summary,
    run_crawlers,
    summary_rows,
)


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return ("[--company SLUG ...] [--platform NAME] [-a NAME=VALUE ...] "
                "[--at-once N] [--summary auto|compact|full] [--scrapyd URL[,URL...] [--slots N] [--no-wait]]")

    def short_desc(self) -> str:
        return "Crawl every active company (or the chosen ones) in one process, or on scrapyd nodes"

    def long_desc(self) -> str:
        return (
            "Crawls every active company (companies.is_active) or the ones named with --company / "
            "--platform, in one process: --at-once N at a time (default 10), taking the hosts in "
            "turn so different hosts are crawled side by side while the companies of one host "
            "share that host's politeness budget; one failing company never stops the others. Spider arguments "
            "(-a base_url=..., -a full=1, -a since=24h) go to every spider. Prints a progress line "
            "per finished company and a summary: every company up to 20 of them, above that only "
            "the companies that did not complete plus totals per platform (--summary full|compact "
            "chooses); exits 1 if any company failed. "
            "With --scrapyd URL[,URL...] (or SCRAPYD_URLS in the environment) the crawls are "
            "scheduled on those scrapyd nodes instead (deployed with `make deploy`): companies "
            "sharing an ATS platform go in one job, jobs go to the nodes with the most free slots "
            "(--slots per node less running and pending jobs, or URL#slots=N), and the companies "
            "of a node that does not answer go to the others. It waits for every job (a progress "
            "line each) and prints the same summary table from the crawl sessions; --no-wait "
            "prints the job ids per node instead. Exits 69 if a node was unreachable or refused "
            "a job, else 1 if any company failed."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        one_line_errors(parser)
        parser.add_argument("--company", action="append", default=[], metavar="SLUG",
                            help="crawl only this company (repeatable)")
        parser.add_argument("--platform", metavar="NAME", help="crawl only companies on this platform")
        parser.add_argument("-a", dest="spargs", action="append", default=[], metavar="NAME=VALUE",
                            help="spider argument for every company (repeatable)")
        parser.add_argument("--scrapyd", metavar="URL[,URL...]", default=None,
                            help="schedule the crawls on these scrapyd nodes (default: $SCRAPYD_URLS)")
        parser.add_argument("--alerts", action="store_true",
                            help="after the crawls, match and deliver the alerts that are due (`scrapy alerts send`)")
        parser.add_argument("--local", action="store_true",
                            help="crawl in this process even when SCRAPYD_URLS is set")
        parser.add_argument("--slots", type=int, default=scrapyd.DEFAULT_SLOTS, metavar="N",
                            help=f"jobs a scrapyd node runs at once (default {scrapyd.DEFAULT_SLOTS}; "
                                 "URL#slots=N for one node)")
        parser.add_argument("--no-wait", action="store_true",
                            help="with scrapyd: print the scheduled job ids and exit without waiting")
        parser.add_argument("--at-once", type=int, default=CRAWLS_AT_ONCE, metavar="N",
                            help=f"companies crawled at the same time in this process (default "
                                 f"{CRAWLS_AT_ONCE}); each host's politeness budget is shared by its companies "
                                 f"whatever N is")
        parser.add_argument("--summary", choices=SUMMARY_MODES, default="auto",
                            help="full: a row per company; compact: only the companies that did not "
                                 "complete, then totals per platform; auto (default): full up to "
                                 "20 companies, compact above")
        parser.add_argument("--poll", type=float, default=scrapyd.DEFAULT_POLL_INTERVAL, metavar="SECONDS",
                            help=f"with scrapyd: seconds between job status polls "
                                 f"(default {scrapyd.DEFAULT_POLL_INTERVAL:g})")

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        load_download_handler()
        if not opts.loglevel and not opts.nolog:
            # The console gets the progress lines and the summary, not every crawler's start-up
            # banner; -L asks for more, --logfile keeps the whole log at INFO in a file.
            self.settings.set("LOG_LEVEL", "INFO" if opts.logfile else "WARNING", priority="cmdline")
        try:
            opts.spargs = arglist_to_dict(opts.spargs)
        except ValueError:
            raise UsageError("-a: give spider arguments as NAME=VALUE", print_help=False) from None
        if opts.alerts and opts.no_wait:
            raise UsageError("--alerts waits for the crawls to end; it cannot go with --no-wait", print_help=False)
        urls = opts.scrapyd if opts.scrapyd is not None else os.environ.get("SCRAPYD_URLS", "")
        opts.nodes = None
        check_settings(self.settings)
        if opts.slots < 1:
            raise UsageError("--slots: give a number of at least 1", print_help=False)
        if opts.at_once < 1:
            raise UsageError("--at-once: give a number of at least 1", print_help=False)
        if opts.poll <= 0:
            raise UsageError("--poll: give a number of seconds above 0", print_help=False)
        if opts.local or not urls.strip():
            if opts.scrapyd is not None and not opts.local:
                raise UsageError("--scrapyd: give at least one URL, like http://127.0.0.1:6800",
                                 print_help=False)
            if opts.no_wait:
                raise UsageError("--no-wait applies to scrapyd runs (--scrapyd or SCRAPYD_URLS)",
                                 print_help=False)
            self.check_arguments(opts.spargs, scrapyd_run=False)
            return
        where = "--scrapyd" if opts.scrapyd is not None else "SCRAPYD_URLS"
        try:
            opts.nodes = scrapyd.parse_nodes(urls, opts.slots)
        except ValueError as exc:
            raise UsageError(f"{where}: {exc}", print_help=False) from None
        self.check_arguments(opts.spargs, scrapyd_run=True)

    def check_arguments(self, spargs: dict[str, str], scrapyd_run: bool) -> None:
        """The spider arguments, for every spider, before the crawler process and the database."""
        assert self.settings is not None
        loader = get_spider_loader(self.settings)
        check_spider_arguments([loader.load(name) for name in loader.list()], spargs,
                               scrapyd=scrapyd_run, build=False)

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
        check_spider_arguments([loader.load(name) for name in chosen], opts.spargs)
        platforms = {name: getattr(loader.load(name), "platform", None) for name in chosen}
        if opts.nodes:
            self.exitcode = scrapyd.run(engine, platforms, opts.spargs, opts.nodes,
                                        wait=not opts.no_wait, poll_interval=opts.poll,
                                        summary=opts.summary)
        else:
            order = interleave_by_host({name: crawl_host(loader.load(name)()) for name in chosen})
            self.exitcode = self.crawl_locally(engine, order, opts.spargs, platforms, opts.summary, opts.at_once)
        if opts.alerts:
            self.exitcode = max(self.exitcode, self.send_alerts(engine))
        if not opts.no_wait:
            self.exitcode = max(self.exitcode, self.watch(engine))

    @staticmethod
    def watch(engine) -> int:
        """Tell the operator channels about new, worse or resolved findings; refresh the metrics."""
        from jobscraper.monitoring.watch import after_crawls

        try:
            lines, errors = after_crawls(engine)
        except Exception as exc:  # noqa: BLE001 - the crawls are done; report, never a traceback
            lines, errors = [], [f"health: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"]
        for line in lines:
            print(line)
        for message in errors:
            error(message)
        return EXIT_FAILED if errors else EXIT_OK

    @staticmethod
    def send_alerts(engine) -> int:
        from jobscraper.alerts import AlertsBusy, send_due_alerts

        try:
            summary = send_due_alerts(engine)
        except AlertsBusy as exc:
            error(f"alerts not sent: {exc}")
            return EXIT_FAILED
        print(f"alerts: {summary}")
        for message in summary.errors:
            error(f"alerts: {message}")
        return EXIT_OK if summary.ok else EXIT_FAILED

    def crawl_locally(self, engine, chosen: list[str], spargs: dict[str, str],
                      platforms: dict[str, str | None], summary: str, at_once: int) -> int:
        assert self.crawler_process
        crawlers = run_crawlers(self.crawler_process, chosen, spargs, progress_line(time.monotonic()), at_once)
        record_unstarted(engine, crawlers)
        rows = summary_rows(engine, *crawler_outcomes(crawlers))
        render_summary(rows, platforms=platforms, mode=summary)
        return EXIT_FAILED if any(row.failed for row in rows) else EXIT_OK
