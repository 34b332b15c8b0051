from __future__ import annotations

import argparse

from scrapy.commands import ScrapyCommand

from jobscraper.commands._ops import open_database, reject_arguments
from jobscraper.db.facts import reresolve


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return ""

    def short_desc(self) -> str:
        return "Resolve again the places and salary of postings stored under older rules"

    def long_desc(self) -> str:
        return ("Runs the current place resolver and salary reader over every posting stored "
                "before them, from its stored location text, country, metadata and description. "
                "No event is written; the posting's next crawl stores the rest silently.")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        reject_arguments(args)
        engine = open_database(self)
        if engine is None:
            return
        with engine.begin() as connection:
            result = reresolve(connection)
        print(f"re-resolved {result.read} stored postings under older rules: "
              f"{result.changed} of {result.read} changed")
