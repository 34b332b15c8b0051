"""Custom ``scrapy`` commands, one module each (``COMMANDS_MODULE``), and what they share."""

from __future__ import annotations

import sys
import time

from sqlalchemy import Engine

from jobscraper.commands import closedpipe
from jobscraper.db.engine import DatabaseUnavailable, check_connection, describe, database_url
from jobscraper.db.migrate import SchemaTooNew, upgrade

from jobscraper.db.models import SessionStatus
from jobscraper.exitcodes import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, EXIT_PARTIAL

closedpipe.install()

EXIT_BY_STATUS = {SessionStatus.COMPLETED: EXIT_OK, SessionStatus.PARTIAL: EXIT_PARTIAL,
                  SessionStatus.LOCKED: EXIT_LOCKED}


class CommandFailed(Exception):
    """Ends a command with a one-line message on stderr and an exit code."""

    def __init__(self, message: str, exitcode: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.exitcode = exitcode


def error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)


def progress_line(started: float):
    """A reporter for ``runs.run_crawlers``: one line on stderr per finished company."""
    def report(name: str, stats, done: int, total: int) -> None:
        value = stats.get_value
        print(f"[{done}/{total}] {name}: {value('jobscraper/session/status') or 'failed'} — "
              f"seen {value('jobscraper/jobs/seen', 0)}, new {value('jobscraper/jobs/new', 0)}, "
              f"updated {value('jobscraper/jobs/updated', 0)}, removed {value('jobscraper/jobs/removed', 0)} "
              f"({time.monotonic() - started:.1f}s)", file=sys.stderr, flush=True)
    return report


def ready_database(migrate: bool = True) -> Engine:
    """A reachable database at the current schema (migrated first when ``migrate``)."""
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
