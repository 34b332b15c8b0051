"""Custom ``scrapy`` commands, one module each (``COMMANDS_MODULE``), and what they share."""

from __future__ import annotations

import sys
import time

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from jobscraper.commands import closedpipe
from jobscraper.ops.console import printable
from jobscraper.db.engine import (
    DatabaseUnavailable,
    check_connection,
    database_url,
    describe,
)
from jobscraper.db.migrate import SchemaTooNew, upgrade

from jobscraper.db.models import SessionStatus
from jobscraper.exitcodes import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE  # noqa: F401

closedpipe.install()

EXIT_BY_STATUS = {SessionStatus.COMPLETED: EXIT_OK, SessionStatus.PARTIAL: EXIT_PARTIAL,
                  SessionStatus.LOCKED: EXIT_LOCKED}


class CommandFailed(Exception):
    """Ends a command with a one-line message on stderr and an exit code."""

    def __init__(self, message: str, exitcode: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.exitcode = exitcode


def error(message: str) -> None:
    """One line on stderr; what it quotes from a server or a row cannot steer the terminal."""
    print(f"error: {printable(message)}", file=sys.stderr)


def progress_line(started: float):
    """A reporter for ``runs.run_crawlers``: one line on stderr per finished company."""
    def report(name: str, stats, done: int, total: int) -> None:
        value = stats.get_value
        print(f"[{done}/{total}] {name}: {value('jobscraper/session/status') or 'failed'} — "
              f"seen {value('jobscraper/jobs/seen', 0)}, new {value('jobscraper/jobs/new', 0)}, "
              f"updated {value('jobscraper/jobs/updated', 0)}, removed {value('jobscraper/jobs/removed', 0)} "
              f"({time.monotonic() - started:.1f}s)", file=sys.stderr, flush=True)
    return report


def check_database_url() -> None:
    """A ``DATABASE_URL`` that cannot be parsed is a usage error (exit 2), named without its password."""
    try:
        url = make_url(database_url())
        url.port  # noqa: B018 - a non-numeric port fails only when read
    except (ArgumentError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if "invalid literal for int()" in reason:
            reason = "the port is not a number"
        raise CommandFailed(f"DATABASE_URL is not a database URL: {reason}", EXIT_USAGE) from None


def load_download_handler() -> None:
    """Import the HTTP download handler as a crawl command starts, before the spiders are
    loaded. Scrapy's TLS modules create deprecated aliases as they are imported, each reading
    ``inspect.stack()``, which scans every loaded module once per frame of the import machinery
    on the stack: imported one at a time, each a single import below this function and ahead of
    the 400 spider modules, they cost 0.1 s of a crawl's start rather than 0.2-0.4 s."""
    import scrapy.core.downloader.tls  # noqa: F401
    import scrapy.core.downloader.contextfactory  # noqa: F401
    import jobscraper.downloadhandlers  # noqa: F401


def ready_database(migrate: bool = True) -> Engine:
    """A reachable database at the current schema (migrated first when ``migrate``)."""
    check_database_url()
    try:
        engine = check_connection()
        if migrate:
            upgrade(engine)
        return engine
    except (DatabaseUnavailable, SchemaTooNew) as exc:
        raise CommandFailed(str(exc)) from None
    except Exception as exc:  # a migration that fails must not print a traceback wall
        raise CommandFailed(f"cannot migrate the database ({describe(database_url())}): "
                            f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None
