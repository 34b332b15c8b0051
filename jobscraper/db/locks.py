"""One crawl per company at a time: a PostgreSQL advisory lock, or a file lock beside SQLite.

Both are released by the operating system or the server when the process dies, so a killed
crawl never leaves a lock behind.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from jobscraper.db.engine import lock_engine


class CrawlLocked(Exception):
    """Another crawl of the same company holds the lock."""


def lock_key(slug: str) -> int:
    digest = hashlib.sha256(f"jobscraper:crawl:{slug}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class CrawlLock:
    """The crawl lock of one company. A PostgreSQL lock holds a connection of its own for the
    whole crawl (``lock_engine``), never one of the pool the crawls write with. Not thread-safe:
    the crawl session calls it from one thread."""

    def __init__(self, engine: Engine, slug: str) -> None:
        self.engine = (lock_engine(engine.url.render_as_string(hide_password=False))
                       if engine.dialect.name == "postgresql" else engine)
        self.slug = slug
        self._connection: Connection | None = None
        self._file: int | None = None

    def acquire(self) -> None:
        if self.engine.dialect.name == "postgresql":
            connection = self.engine.connect()
            got = connection.execute(
                text("SELECT pg_try_advisory_lock(:key)"), {"key": lock_key(self.slug)}
            ).scalar()
            connection.commit()
            if not got:
                connection.close()
                raise CrawlLocked(f"another crawl of {self.slug} is running")
            self._connection = connection
            return
        path = self._lock_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise CrawlLocked(f"another crawl of {self.slug} is running") from None
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{os.getpid()}\n".encode())
        self._file = descriptor

    @property
    def can_be_lost(self) -> bool:
        """A server-side lock dies with its connection (a database restart); a file lock does not."""
        return self.engine.dialect.name == "postgresql"

    def ensure_held(self) -> bool | None:
        """True while held (taken again after a lost connection), False when another process
        took it meanwhile, None when the database cannot be reached to tell."""
        if not self.can_be_lost:
            return self._file is not None
        if self._connection is not None:
            try:
                self._connection.execute(text("SELECT 1"))
                self._connection.commit()
                return True
            except DBAPIError:
                self._connection.invalidate()
                self._connection.close()
                self._connection = None
        try:
            self.acquire()
        except CrawlLocked:
            return False
        except DBAPIError:
            return None
        return True

    def _lock_path(self) -> Path:
        database = self.engine.url.database or "jobscraper"
        base = Path(database).resolve().parent if database != ":memory:" else Path("/tmp")
        return base / "locks" / f"{Path(database).name}.{self.slug}.lock"

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.execute(
                    text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key(self.slug)}
                )
                self._connection.commit()
            except Exception:  # the server may be gone; it frees the lock with the session
                pass
            finally:
                self._connection.close()
                self._connection = None
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            os.close(self._file)
            self._file = None
