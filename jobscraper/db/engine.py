"""Where the database is and how to reach it.

``DATABASE_URL`` selects the database; unset, an embedded SQLite file in the data directory
(``JOBSCRAPER_DATA_DIR``, default ``./data``) is used, so a fresh checkout works as it is.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker


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


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    url = with_driver(url) if url else database_url()
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseUnavailable(f"DATABASE_URL is not a database URL: {exc}") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _create_private_file(Path(parsed.database))
        engine = create_engine(url)
        event.listen(engine, "connect", _enable_sqlite_pragmas)
        return engine
    connect_args = {"connect_timeout": 10} if parsed.get_backend_name() == "postgresql" else {}
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


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
