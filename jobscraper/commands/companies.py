from __future__ import annotations

import argparse

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.spiderloader import get_spider_loader

from jobscraper.commands._ops import (
    Column,
    add_format_option,
    one_line_errors,
    open_database,
    render,
)
from jobscraper.db.sessions import set_companies_active, sync_companies
from jobscraper.extensions.crawl_session import company_spec
from jobscraper.db.reports import roster

COLUMNS = (
    Column("company", "company"),
    Column("name", "name", optional=True),
    Column("platform", "platform"),
    Column("state", "state", "word"),
    Column("active", "active", "bool", in_table=False),
    Column("spider", "spider", "bool", in_table=False),
    Column("postings", "postings active", "int"),
    Column("last_crawl", "last crawl", "time"),
    Column("last_status", "last status"),
)
ACTIONS = {"pause": False, "resume": True}


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--format table|json|csv] | pause SLUG ... | resume SLUG ..."

    def short_desc(self) -> str:
        return "The roster: every company, its platform, state, postings and last crawl; pause or resume one"

    def long_desc(self) -> str:
        return ("Lists every company: its platform, its state (active; paused: crawlall skips it; "
                "orphaned: its spider is gone), its active postings, and when it was last crawled "
                "with what status. The company rows are first refreshed from the spider classes, as "
                "crawlall does. `companies pause SLUG` stops crawling a company (its postings stay "
                "as they are, and markstale retires them after 60 days); `companies resume SLUG` "
                "crawls it again.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        one_line_errors(parser)
        add_format_option(parser)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args and args[0] not in ACTIONS:
            raise UsageError(f"unexpected argument {args[0]!r}; give pause SLUG or resume SLUG", print_help=False)
        if args and len(args) < 2:
            raise UsageError(f"`companies {args[0]}` takes one or more company slugs", print_help=False)
        loader = get_spider_loader(self.settings)
        spiders = sorted(loader.list())
        engine = open_database(self)
        if engine is None:
            return
        with engine.begin() as connection:
            sync_companies(connection, [company_spec(loader.load(name)) for name in spiders])
            if args:
                slugs = list(dict.fromkeys(args[1:]))
                unknown = set_companies_active(connection, slugs, ACTIONS[args[0]])
                if unknown:
                    raise UsageError(f"no company named {', '.join(unknown)}; `scrapy companies` lists them",
                                     print_help=False)
            else:
                rows = roster(connection, spiders)
        if args:
            verb = "paused (crawlall skips it)" if args[0] == "pause" else "resumed (crawlall crawls it)"
            print(f"{', '.join(slugs)}: {verb}")
            return
        render(COLUMNS, rows, opts.format, title=f"{len(rows)} companies", list_key="companies")
