from __future__ import annotations

import argparse

from scrapy.commands import ScrapyCommand
from scrapy.spiderloader import get_spider_loader

from jobscraper.commands._ops import Column, add_format_option, open_database, reject_arguments, render
from jobscraper.db.sessions import sync_companies
from jobscraper.extensions.crawl_session import company_spec
from jobscraper.reports import roster

COLUMNS = (
    Column("company", "company"),
    Column("name", "name", optional=True),
    Column("platform", "platform"),
    Column("active", "active", "bool"),
    Column("spider", "spider", "bool"),
    Column("postings", "postings active", "int"),
    Column("last_crawl", "last crawl", "time"),
    Column("last_status", "last status"),
)


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--format table|json|csv]"

    def short_desc(self) -> str:
        return "The roster: every company, its platform, active flag, postings and last crawl"

    def long_desc(self) -> str:
        return ("Lists every company: its platform, whether it is active (crawlall crawls the "
                "active ones; set companies.is_active to pause one), whether a spider exists for "
                "it, its active postings, and when it was last crawled with what status. The "
                "company rows are first refreshed from the spider classes, as crawlall does.")

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        add_format_option(parser)

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        reject_arguments(args)
        loader = get_spider_loader(self.settings)
        spiders = sorted(loader.list())
        engine = open_database(self)
        if engine is None:
            return
        with engine.begin() as connection:
            sync_companies(connection, [company_spec(loader.load(name)) for name in spiders])
            rows = roster(connection, spiders)
        render(COLUMNS, rows, opts.format, title=f"{len(rows)} companies", list_key="companies")
