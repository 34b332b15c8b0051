"""Fixtures and helpers of the fault suite (imported by name into each test module).

Every scenario runs real ``scrapy`` subprocesses against a ``FaultServer`` and a database
reached with a password (a ``crawler`` role with SCRAM authentication on a throwaway
PostgreSQL), and every line they print is checked for that password. Each scenario records
how many postings it wrongly removed and how many it lost; ``tests/faults/run.py`` tabulates them.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from conftest import PROJECT, scrapy
from dbcheck import postings, rows
from faultserver import FaultServer
from pgserver import ThrowawayPostgres

# Politeness off for speed where a scenario is not about politeness.
FAST = ("-s", "JOBSCRAPER_HOST_MIN_INTERVAL=0", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False")


class PasswordPostgres(ThrowawayPostgres):
    """A throwaway PostgreSQL where the role ``crawler`` must log in with a password."""

    role = "crawler"

    def __init__(self) -> None:
        super().__init__()
        self.password = "Pg" + secrets.token_hex(12)
        self.admin_url = ""

    def _options(self) -> str:
        return (f"-p {self.port} -k {self.dir} -h 127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")

    def start(self) -> str:
        self.admin_url = super().start()
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"CREATE ROLE {self.role} LOGIN CREATEDB PASSWORD '{self.password}'"))
        admin.dispose()
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\n"
            f"host all {self.role} 127.0.0.1/32 scram-sha-256\n"
            "host all all 127.0.0.1/32 trust\n"
        )
        self._run(self.pg_ctl, "-D", str(self.data), "reload")
        return self.admin_url

    def new_database(self) -> str:
        """A fresh database owned by ``crawler``; its URL carries the password."""
        name = f"faults_{uuid.uuid4().hex[:10]}"
        admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" OWNER {self.role}'))
        admin.dispose()
        return (make_url(self.admin_url)
                .set(username=self.role, password=self.password, database=name)
                .render_as_string(hide_password=False))

    def halt(self) -> None:
        self._run(self.pg_ctl, "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        self._run(self.pg_ctl, "-D", str(self.data), "-o", self._options(), "-l", str(self.dir / "log"),
                  "-w", "-t", "60", "start")


def start_password_postgres() -> PasswordPostgres | None:
    server = PasswordPostgres()
    if not server.available:
        if os.environ.get("CI") == "true":
            pytest.fail("no PostgreSQL found (install Debian's postgresql) and CI=true")
        return None
    server.start()
    return server


@pytest.fixture(scope="session")
def fault_pg() -> Iterator[PasswordPostgres | None]:
    server = start_password_postgres()
    try:
        yield server
    finally:
        if server:
            server.stop()


def _url_for(kind: str, fault_pg: PasswordPostgres | None, tmp_path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'jobscraper.sqlite3'}"
    if fault_pg is None:
        pytest.skip("no PostgreSQL server binaries found (apt-get install postgresql)")
    return fault_pg.new_database()


@pytest.fixture(params=["postgresql", "sqlite"])
def db(request, fault_pg, tmp_path, monkeypatch) -> str:
    """A fresh database of each kind (cheap scenarios run on both)."""
    url = _url_for(request.param, fault_pg, tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("JOBSCRAPER_DATA_DIR", str(tmp_path / "data"))
    return url


@pytest.fixture
def pg(fault_pg, tmp_path, monkeypatch) -> str:
    """A fresh PostgreSQL database reached with a password."""
    url = _url_for("postgresql", fault_pg, tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("JOBSCRAPER_DATA_DIR", str(tmp_path / "data"))
    return url


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


# --- running crawls ---------------------------------------------------------------------------

@dataclass
class Runner:
    """Runs scrapy commands as a user would and keeps everything they printed."""

    server: FaultServer
    secrets: tuple[str, ...]
    outputs: list[str] = field(default_factory=list)

    def keep(self, output: str) -> str:
        self.outputs.append(output)
        for secret in self.secrets:
            assert secret not in output, "the database password appears in the output"
        return output

    def scrapy(self, *args: str, env: dict[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        result = scrapy(*args, env=env, timeout=timeout)
        self.keep(result.stdout + result.stderr)
        return result

    def crawl(self, spider: str, *args: str, fast: bool = True, **kwargs: Any) -> subprocess.CompletedProcess[str]:
        return self.scrapy("crawl", spider, "-a", f"base_url={self.server.base_url}",
                           *(FAST if fast else ()), *args, **kwargs)

    def start_crawl(self, spider: str, *args: str, fast: bool = True) -> subprocess.Popen[str]:
        env = {**os.environ}
        env.pop("SCRAPY_SETTINGS_MODULE", None)
        return subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", spider, "-a", f"base_url={self.server.base_url}",
             *(FAST if fast else ()), *args],
            cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )

    def crawl_measuring_memory(self, spider: str, *args: str) -> tuple[int, str, float]:
        """Runs one crawl and returns its exit code, output and its own peak RSS in MB.

        The peak is the crawl process's ``VmHWM``, read while it runs: ``ru_maxrss`` would count
        the test worker's own size, which a forked child carries until it execs.
        """
        process = self.start_crawl(spider, *args)
        outputs: dict[str, str] = {}
        readers = [threading.Thread(target=lambda name=name, stream=stream: outputs.__setitem__(name, stream.read()))
                   for name, stream in (("out", process.stdout), ("err", process.stderr))]
        for reader in readers:
            reader.start()
        peak_kb = 0
        while process.poll() is None:
            peak_kb = max(peak_kb, _high_water_kb(process.pid))
            time.sleep(0.02)
        for reader in readers:
            reader.join(timeout=60)
        return process.returncode, self.keep(outputs.get("out", "") + outputs.get("err", "")), peak_kb / 1024

    def finish(self, process: subprocess.Popen[str], timeout: float = 120) -> tuple[int, str]:
        out, err = process.communicate(timeout=timeout)
        return process.returncode, self.keep(out + err)

    def interrupt(self, process: subprocess.Popen[str], sig: int = signal.SIGTERM, timeout: float = 120) -> tuple[int, str]:
        process.send_signal(sig)
        return self.finish(process, timeout)


def _high_water_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass  # the process has just ended
    return 0


@pytest.fixture
def runner(fault_server, fault_pg) -> Runner:
    return Runner(fault_server, (fault_pg.password,) if fault_pg else ())


def wait_for(condition: Callable[[], Any], timeout: float = 60, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


# --- reading the outcome ----------------------------------------------------------------------

def state(url: str) -> list[tuple[str, str, str, bool]]:
    """``(company, external_id, content_hash, is_active)`` of every posting, sorted."""
    found = rows(url, """
        SELECT c.slug AS company, p.external_id, p.content_hash, p.is_active
        FROM job_positions p JOIN companies c ON c.id = p.company_id
        ORDER BY c.slug, p.external_id""")
    return [(r["company"], r["external_id"], r["content_hash"], bool(r["is_active"])) for r in found]


def checksum(url: str) -> str:
    return hashlib.sha256(json.dumps(state(url)).encode()).hexdigest()


def active_ids(url: str, company: str) -> set[str]:
    return {external_id for external_id, row in postings(url, company).items() if row["is_active"]}


def log_lines(output: str, needle: str) -> int:
    return sum(needle in line for line in output.splitlines())


class Scenario:
    """Counts what a scenario did wrong and records it for the table of ``make faults``."""

    def __init__(self, record_property) -> None:
        self.record = record_property
        self.wrongly_removed = 0
        self.lost = 0

    def tally(self, url: str, company: str, listed: set[str], *, stored: set[str] | None = None) -> tuple[int, int]:
        """``listed``: postings the source still lists and that were stored before; ``stored``:
        postings this crawl must have written (default: ``listed``). Wrongly removed: a listed
        posting now inactive; lost: a posting that should be stored but is not."""
        found = postings(url, company)
        self.wrongly_removed = sum(1 for e in listed if e in found and not found[e]["is_active"])
        self.lost = sum(1 for e in (listed if stored is None else stored) if e not in found)
        self.record("wrongly_removed", self.wrongly_removed)
        self.record("lost", self.lost)
        return self.wrongly_removed, self.lost


@pytest.fixture
def scenario(record_property) -> Scenario:
    return Scenario(record_property)
