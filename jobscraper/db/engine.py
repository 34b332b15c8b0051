"""Where the database is and how to reach it.

``DATABASE_URL`` selects the database; unset, an embedded SQLite file in the data directory
(``JOBSCRAPER_DATA_DIR``, default ``./data``) is used, so a fresh checkout works as it is.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

# Connections the pool keeps per process besides one per crawler (the command's own work).
SPARE_CONNECTIONS = 2
# Rows per multi-row INSERT (SQLAlchemy's "insertmanyvalues" page). The driver binds a
# statement's parameters in C without releasing the GIL: a page of 1,000 postings (35,000
# values) held it for ~60 ms, during which the reactor thread, and so every crawler of
# ``crawlall``, stood still. A page of 100 holds it for a few milliseconds.
INSERT_PAGE_ROWS = 100
_pool = {"crawlers": 1}


class DatabaseUnavailable(Exception):
    """The database cannot be reached; the message is one line and carries no password."""


def data_dir() -> Path:
    return Path(os.environ.get("JOBSCRAPER_DATA_DIR") or "data").resolve()


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return with_driver(url)
    path = data_dir() / "jobscraper.sqlite3"
    return f"sqlite:///{path}"


def with_driver(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg2, the driver jobscraper installs
    (SQLAlchemy 2.1 would otherwise pick psycopg 3)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix):]
    return url


def describe(url: str) -> str:
    """Where a database URL points, for messages: host, port and database, never the password."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return "an unparsable DATABASE_URL"
    if parsed.get_backend_name() == "sqlite":
        return f"sqlite file {parsed.database or ':memory:'}"
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.get_backend_name()} at {host}{port}/{parsed.database or ''}"


def _create_private_file(path: Path) -> None:
    """The SQLite file (and its folder, if new) readable by its owner only: it holds alert
    recipients and webhook URLs. SQLite gives its WAL and shared-memory files the same mode."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _enable_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def size_pool(crawlers: int) -> None:
    """Size the pool for ``crawlers`` crawls in this process: each writes on its own database
    thread, one connection at a time, so one connection each never runs out. Engines made
    for a smaller number are disposed."""
    with _engines_lock:
        if crawlers != _pool["crawlers"]:
            _pool["crawlers"] = max(crawlers, 1)
            for engine in _engines.values():
                engine.dispose()
            _engines.clear()


_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()  # crawls reach the engine from their own database threads


def get_engine(url: str | None = None) -> Engine:
    url = with_driver(url) if url else database_url()
    with _engines_lock:
        if url not in _engines:
            _engines[url] = _create(url)
        return _engines[url]


def _parse(url: str):
    try:
        return make_url(url)
    except ArgumentError as exc:
        raise DatabaseUnavailable(f"DATABASE_URL is not a database URL: {exc}") from None


def _create(url: str) -> Engine:
    parsed = _parse(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _create_private_file(Path(parsed.database))
        engine = create_engine(url, insertmanyvalues_page_size=INSERT_PAGE_ROWS)
        event.listen(engine, "connect", _enable_sqlite_pragmas)
        return engine
    connect_args = {"connect_timeout": 10} if parsed.get_backend_name() == "postgresql" else {}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args,
                         insertmanyvalues_page_size=INSERT_PAGE_ROWS,
                         pool_size=_pool["crawlers"] + SPARE_CONNECTIONS, max_overflow=SPARE_CONNECTIONS)


@lru_cache(maxsize=8)
def lock_engine(url: str) -> Engine:
    """An engine for crawl locks only: a lock holds its connection for the whole crawl, so it
    never takes one from the pool the crawls write with."""
    parsed = _parse(url)
    connect_args = {"connect_timeout": 10} if parsed.get_backend_name() == "postgresql" else {}
    return create_engine(url, poolclass=NullPool, connect_args=connect_args)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def first_line(exc: BaseException) -> str:
    """The first meaningful line of a driver error, without SQL or the URL."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    return text[0] if text else type(orig).__name__


def check_connection(url: str | None = None) -> Engine:
    """Connect once; raise ``DatabaseUnavailable`` with a one-line, password-free message."""
    url = with_driver(url) if url else database_url()
    engine = get_engine(url)
    try:
        with engine.connect():
            pass
    except (OperationalError, SQLAlchemyError, OSError) as exc:
        message = first_line(exc)
        password = make_url(url).password if "://" in url else None
        if password:
            message = message.replace(password, "***")
        raise DatabaseUnavailable(f"cannot reach the database ({describe(url)}): {message}") from None
    return engine
