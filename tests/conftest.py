"""Shared test fixtures: databases (SQLite and a real PostgreSQL), the fixture server, crawls."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from fixtureserver import FixtureServer
from pgserver import ThrowawayPostgres

PROJECT = Path(__file__).resolve().parent.parent
# A developer's .env (the production DATABASE_URL) must never reach a test or its subprocesses.
os.environ["JOBSCRAPER_ENV_FILE"] = "none"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str | None]:
    """A PostgreSQL server: TEST_DATABASE_URL, or a throwaway one, or None (skipped)."""
    given = os.environ.get("TEST_DATABASE_URL")
    if given:
        yield given
        return
    server = ThrowawayPostgres()
    if not server.available:
        yield None
        return
    try:
        url = server.start()
    except Exception as exc:  # noqa: BLE001 - reported as the skip reason
        pytest.exit(f"could not start a throwaway PostgreSQL: {exc}", returncode=1)
    try:
        yield url
    finally:
        server.stop()


def _fresh_postgres_database(server_url: str) -> str:
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, postgres_url, monkeypatch) -> str:
    """A fresh, empty database of each kind; DATABASE_URL points at it."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'jobscraper.sqlite3'}"
    else:
        if postgres_url is None:
            if os.environ.get("CI") == "true":
                pytest.fail("no PostgreSQL found (install Debian's postgresql) and CI=true")
            pytest.skip("no PostgreSQL server binaries found (apt-get install postgresql)")
        url = _fresh_postgres_database(postgres_url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("JOBSCRAPER_DATA_DIR", str(tmp_path / "data"))
    return url


@pytest.fixture
def sqlite_url(tmp_path, monkeypatch) -> str:
    url = f"sqlite:///{tmp_path / 'jobscraper.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("JOBSCRAPER_DATA_DIR", str(tmp_path / "data"))
    return url


@pytest.fixture
def engine(database_url):
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def server() -> Iterator[FixtureServer]:
    with FixtureServer() as fixture_server:
        yield fixture_server


def scrapy(*args: str, env: dict[str, str] | None = None, timeout: float = 180,
           cwd: Path = PROJECT) -> subprocess.CompletedProcess[str]:
    """Run a ``scrapy`` command of this project as a user would, in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("SCRAPY_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def run_scrapy():
    return scrapy
