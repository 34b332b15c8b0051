"""Schema migrations with Alembic, configured in code so they also run from a scrapyd egg.

Every command that opens the database calls ``upgrade``; when the stored revision is already
``SCHEMA_HEAD`` it answers from one SELECT, without importing Alembic (a third of a second of
each crawl's start-up) or reading the migration scripts.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATION_LOCK_KEY = 0x6A6F6273  # "jobs": serialises migrations of nodes sharing one database
# The newest migration's revision: a new migration changes it (tests/test_database.py holds it
# to the scripts' head).
SCHEMA_HEAD = "0014"


class SchemaTooNew(Exception):
    """The database was migrated by a newer jobscraper than this one."""


@contextlib.contextmanager
def _script_location() -> Iterator[Path]:
    migrations = resources.files("jobscraper.db") / "migrations"
    if isinstance(migrations, Path):
        yield migrations
        return
    # Inside a zipped egg: copy the scripts to a real folder Alembic can list.
    with tempfile.TemporaryDirectory(prefix="jobscraper-migrations-") as tmp:
        target = Path(tmp) / "migrations"
        _copy_tree(migrations, target)
        yield target


def _copy_tree(source, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.is_dir():
            if entry.name != "__pycache__":
                _copy_tree(entry, target / entry.name)
        elif entry.name.endswith((".py", ".mako")):
            (target / entry.name).write_bytes(entry.read_bytes())


def _config(location: Path, connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    # Alembic's options go through configparser interpolation: a '%' in the path must be doubled.
    config.set_main_option("script_location", str(location).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the database, read with plain SQL; None when there is none
    (an empty database) or it cannot be read that way."""
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except DBAPIError:
        return None
    return rows[0][0] if len(rows) == 1 else None


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    with _script_location() as location:
        head = ScriptDirectory.from_config(_config(location)).get_current_head()
    assert head is not None
    return head


def _refuse_newer(connection: Connection, script: ScriptDirectory) -> None:
    current = current_revision(connection)
    if current is None:
        return
    known = {rev.revision for rev in script.walk_revisions()}
    if current not in known:
        raise SchemaTooNew(
            f"the database is at schema revision {current}, newer than this jobscraper "
            f"(head {script.get_current_head()}); upgrade jobscraper before using it"
        )


def upgrade(engine: Engine, target: str = "head") -> tuple[str | None, str]:
    """Bring the schema to ``target`` (head); return (revision before, revision after)."""
    if target in ("head", SCHEMA_HEAD) and stored_revision(engine) == SCHEMA_HEAD:
        return SCHEMA_HEAD, SCHEMA_HEAD
    from alembic import command
    from alembic.script import ScriptDirectory

    with _script_location() as location, engine.connect() as connection:
        script = ScriptDirectory.from_config(_config(location))
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            connection.commit()
        try:
            _refuse_newer(connection, script)
            before = current_revision(connection)
            after = script.get_current_head() if target == "head" else target
            if before != after:
                command.upgrade(_config(location, connection), target)
                connection.commit()
            return before, after or ""
        finally:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
                connection.commit()


def is_current(engine: Engine) -> bool:
    with engine.connect() as connection:
        return current_revision(connection) == head_revision()
