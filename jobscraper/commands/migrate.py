from __future__ import annotations

import argparse

from scrapy.commands import ScrapyCommand

from jobscraper.commands import CommandFailed, error, ready_database
from jobscraper.commands._ops import one_line_errors, reject_arguments
from jobscraper.db.engine import database_url, describe
from jobscraper.db.migrate import current_revision


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        one_line_errors(parser)

    def short_desc(self) -> str:
        return "Create or upgrade the database schema to this jobscraper's revision"

    def long_desc(self) -> str:
        return ("Upgrades the database named by DATABASE_URL (default: the SQLite file in the data "
                "directory) to the newest schema. Safe to run again; refuses a database that a "
                "newer jobscraper migrated.")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        reject_arguments(args)
        try:
            engine = ready_database(migrate=False)
            with engine.connect() as connection:
                before = current_revision(connection)
            ready_database(migrate=True)
            with engine.connect() as connection:
                after = current_revision(connection)
        except CommandFailed as exc:
            error(str(exc))
            self.exitcode = exc.exitcode
            return
        where = describe(database_url())
        if before == after:
            print(f"{where}: schema is current (revision {after})")
        else:
            print(f"{where}: upgraded schema from {before or 'empty'} to {after}")
