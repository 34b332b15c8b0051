"""The README, walked as a new operator would: its shell blocks run as written (crawls pointed at
the fixture server), its SQL blocks on SQLite and PostgreSQL, with exit codes checked and no
output line wider than the terminal width the commands were given (COLUMNS)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from rich.cells import cell_len
from sqlalchemy import create_engine, insert, text

from conftest import PROJECT
from greenhouse_format import WIZ_PATH, greenhouse_job
from jobscraper.db.migrate import upgrade
from jobscraper.db.models import Company, JobPosition, utc_now
from test_alerts_delivery import Inbox, free_port

WIDTH = 100
README = (PROJECT / "README.md").read_text(encoding="utf-8")
SKIPPED_SECTIONS = ("Scaling out on scrapyd", "Adding a company", "Performance", "Faults", "Development")
NOT_RUN = ("make test", "make serve")  # the suite itself; a server that runs until stopped (tests/test_web_*.py serve it)
LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \[[\w.]+\] [A-Z]+: ")
CRONTAB_LINE = re.compile(r"^[\d*/,-]+( [\d*/,-]+){4} cd .* # jobscraper:\w+$")  # the whole suite, from inside the suite


def fenced_blocks(language: str) -> list[tuple[str, str]]:
    """(the heading above it, the code) of every ```language block, in README order."""
    found, heading, block = [], "", None
    for line in README.splitlines():
        if block is not None:
            if line.startswith("```"):
                found.append((heading, "\n".join(block)))
                block = None
            else:
                block.append(line)
        elif line.startswith("#"):
            heading = line.lstrip("#").strip()
        elif line.strip() == f"```{language}":
            block = []
    return found


def shell_commands() -> list[tuple[str, list[str]]]:
    """Each command of the shell blocks as argv (comments dropped, continuations joined)."""
    commands = []
    for heading, code in fenced_blocks("sh"):
        if heading in SKIPPED_SECTIONS:
            continue
        joined = code.replace("\\\n", " ")
        for line in joined.splitlines():
            argv = shlex.split(line, comments=True)
            if not argv or re.fullmatch(r"[A-Z_]+=.*", argv[0]):  # the .env example: settings
                continue
            commands.append((heading, argv))
    return commands


def for_this_walk(argv: list[str], base_url: str, folder: Path) -> list[str]:
    """Crawls go to the fixture server (one company where the README crawls every one: `make
    demo` has crawled them all); files the README writes go to the test's folder."""
    if argv[:2] == ["make", "crawl"]:
        return [*argv, f"ARGS=-a base_url={base_url}"]
    if argv[0] == ".venv/bin/scrapy" and argv[1] in ("crawl", "crawlall"):
        if argv[1] == "crawlall" and "--company" not in argv:
            argv = [*argv, "--company", "wiz"]
        return [*argv, "-a", f"base_url={base_url}"]
    if argv[:3] == [".venv/bin/scrapy", "alerts", "export"]:
        return [*argv[:3], str(folder / argv[3])]
    return argv


class Walk:
    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.transcript: list[tuple[str, str]] = []

    def run(self, argv: list[str], expect: int | tuple[int, ...] = 0, timeout: float = 600) -> str:
        result = subprocess.run(argv, cwd=PROJECT, env=self.env, capture_output=True, text=True,
                                timeout=timeout)
        output = result.stdout + result.stderr
        self.transcript.append((shlex.join(argv), output))
        assert result.returncode in (expect if isinstance(expect, tuple) else (expect,)), \
            f"{shlex.join(argv)} exited {result.returncode}:\n{output[-3000:]}"
        where = output.find("Traceback")
        assert where < 0, f"{shlex.join(argv)} printed a traceback:\n{output[max(0, where - 1500):where + 3000]}"
        return result.stdout

    def too_wide(self) -> list[str]:
        """Lines wider than COLUMNS, but for what is one record a line by nature: installed
        crontab lines, Scrapy log records, CSV and JSON for scripts."""
        return [f"{command}: {line}" for command, output in self.transcript
                if not re.search(r"--format (csv|json)", command)
                for line in output.splitlines()
                if cell_len(line) > WIDTH and not CRONTAB_LINE.match(line) and not LOG_RECORD.match(line)]


@pytest.fixture
def walk(tmp_path):
    # A short folder, as a user's would be: the demo and cron-install name their files in a line.
    data = Path(tempfile.mkdtemp(prefix="walk-")) / "data"
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "SCRAPYD_URLS", "SCRAPY_SETTINGS_MODULE") and not key.startswith("SMTP_")}
    env.update(COLUMNS=str(WIDTH), JOBSCRAPER_DATA_DIR=str(data),
               JOBSCRAPER_CRONTAB_FILE=str(data.parent / "crontab"), JOBSCRAPER_FEEDS_DIR=str(tmp_path / "feeds"),
               DEMO_PORT=str(free_port()), SMTP_HOST="127.0.0.1", SMTP_PORT=str(free_port()),
               SMTP_SECURITY="none", SMTP_FROM="jobscraper <alerts@jobscraper.test>")
    yield Walk(env)
    shutil.rmtree(data.parent, ignore_errors=True)


@contextmanager
def smtp_for(walk: Walk) -> Iterator[Inbox]:
    """An SMTP server for the walk's next commands, on a port free when it starts: a port picked
    when the walk began can be some connection's by the time the alerts are sent."""
    for attempt in range(5):
        port = free_port()
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        try:
            controller.start()
            break
        except OSError:
            if attempt == 4:
                raise
    walk.env["SMTP_PORT"] = str(port)
    try:
        yield inbox
    finally:
        controller.stop()


def totals(summary: str) -> list[str]:
    line = next(line for line in summary.splitlines() if line.startswith("│ total"))
    return [cell.strip() for cell in line.split("│")[1:-1]]


def checks_failed(output: str) -> list[str]:
    return [line[2:].split(":")[0] for line in output.splitlines() if line.startswith("✗")]


@pytest.mark.slow
def test_every_readme_command_runs_as_written(walk, server):
    server.load_sites()
    folder = Path(walk.env["JOBSCRAPER_DATA_DIR"]).parent  # short, as a user's: files are named in lines
    ran: set[str] = set()
    for heading, argv in shell_commands():
        command = shlex.join(argv)
        if command in NOT_RUN or argv[1:2] in (["serve"], ["addcompany"]) or argv[0] == "curl":
            # A server that runs until stopped and requests to it (tests/test_web_*.py), and
            # addcompany, which reads live careers pages (tests/test_commands_addcompany.py).
            continue
        if command == "make demo":
            walk.env["DEMO_PORT"] = str(free_port())  # free now, not when the walk began
            first = walk.run(argv)
            assert re.search(r"^Crawling \d+ companies into sqlite file ", first, re.MULTILINE)
            walk.env["DEMO_PORT"] = str(free_port())
            second = walk.run(argv)  # the README: the second summary shows every posting unchanged
            # The whole roster gets the compact summary: every company completed, then totals by
            # platform (total, companies, completed, seen, new, updated, ...).
            assert re.search(r"^All \d+ companies completed\.$", second, re.MULTILINE), second[-3000:]
            summary = totals(second)
            assert summary[1] == summary[2] and summary[4:6] == ["0", "0"], summary
        elif argv[:3] == [".venv/bin/scrapy", "alerts", "send"] or "--alerts" in argv:
            with smtp_for(walk) as inbox:
                walk.run(for_this_walk(argv, server.base_url, folder))
            assert inbox.messages == []  # a new alert matches postings first seen after it was created
        elif argv[:3] == [".venv/bin/scrapy", "alerts", "add"]:
            walk.run(argv)
            # A posting first seen after the alert: the next crawl records it for the alert.
            jobs = json.loads((PROJECT / "tests/fixtures/sites/wiz/jobs.json").read_text(encoding="utf-8"))
            jobs["jobs"].append(greenhouse_job(9009, "Senior Backend Engineer (Python)"))
            server.add(WIZ_PATH, jobs)
        elif heading == "Monitoring":
            walk.run(argv, expect=(0, 1))  # 1 is a finding, said in one line each
        elif command == ".venv/bin/scrapy doctor":
            failures = checks_failed(walk.run(argv, expect=1))  # before `make cron-install`
            assert "crontab installed, pointing at this checkout" in failures
        else:
            out = walk.run(for_this_walk(argv, server.base_url, folder))
            if command == "make cron-show":
                assert out.count("jobscraper:") == 3
                # The crontab check passes now; crawl health may hold a finding from the walk's
                # crawls (`scrapy health` in Monitoring shows it).
                doctor = walk.run([".venv/bin/scrapy", "doctor"], expect=(0, 1))
                assert set(checks_failed(doctor)) <= {"crawl health"}, doctor
            if command == "make cron-run NAME=markstale":
                assert "end: scrapy markstale exited 0" in out
        ran.add(heading)
    assert {"Quick start", "Crawling", "Reading the results", "Cron", "Alerts"} <= ran

    # What the alert matched once the crawl saw the new posting, sent now by --force.
    with smtp_for(walk) as inbox:
        walk.run([".venv/bin/scrapy", "alerts", "send", "backend-tlv", "--force"])
    assert [m["To"] for m in inbox.messages] == ["me@example.com"]
    assert "Senior Backend Engineer (Python)" in inbox.messages[0].get_body(("plain",)).get_content()

    # Re-importing what was exported changes nothing.
    out = walk.run([".venv/bin/scrapy", "alerts", "import", str(folder / "alerts.yaml")])
    assert out == "imported 1 alert(s): 0 added, 0 updated, 1 unchanged\n"

    # The SQL blocks, on the database the walk filled.
    with sqlite3.connect(Path(walk.env["JOBSCRAPER_DATA_DIR"]) / "jobscraper.sqlite3") as connection:
        for code in sql_blocks("sqlite"):
            found = connection.execute(code).fetchall()
            assert found or "board_listings" in code, code  # the VC-board query may find no board listing

    too_wide = walk.too_wide()
    assert not too_wide, "\n".join(too_wide)


def sql_blocks(dialect: str) -> list[str]:
    """The README's SQL blocks that run on ``dialect``: those marked for it and the unmarked."""
    marks = {"sqlite": "-- SQLite", "postgresql": "-- PostgreSQL"}
    chosen = []
    for _heading, code in fenced_blocks("sql"):
        first = code.splitlines()[0]
        if first.startswith(tuple(marks.values())) and not first.startswith(marks[dialect]):
            continue
        chosen.append(code)
    return chosen


def test_the_readme_sql_runs_on_both_databases(database_url):
    engine = create_engine(database_url)
    upgrade(engine)
    now = utc_now()
    with engine.begin() as connection:
        company = connection.execute(insert(Company).values(
            slug="wiz", name="Wiz", platform="greenhouse", is_active=True).returning(Company.id)).scalar_one()
        connection.execute(insert(JobPosition).values(
            company_id=company, external_id="1", title="Backend Engineer", url="https://x/1", city="Tel Aviv",
            content_hash="h" * 64, is_active=True, first_seen_at=now, last_seen_at=now))
    blocks = sql_blocks(engine.dialect.name)
    assert len(blocks) >= 2  # one for both databases, one for this one
    with engine.connect() as connection:
        for code in blocks:
            found = connection.execute(text(code.rstrip().rstrip(";"))).all()
            if "board_listings" in code:
                continue  # the VC-board query runs; this database has no board to list
            assert found and found[0][0] == "Wiz", code
    engine.dispose()


def test_every_section_and_paragraph_is_written_once():
    headings = [line for line in README.splitlines() if line.startswith("#")]
    assert len(headings) == len(set(headings)), [h for h in headings if headings.count(h) > 1]
    paragraphs = [block.strip() for block in README.split("\n\n") if len(block.strip()) > 200]
    assert len(paragraphs) == len(set(paragraphs))


def test_make_help_is_plain_text_when_piped():
    result = subprocess.run(["make", "help"], cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "\x1b" not in result.stdout
    targets = [line.split()[0] for line in result.stdout.splitlines()]
    assert {"demo", "cron-run", "scrapyd", "deploy"} <= set(targets)


def test_make_scrapyd_takes_its_port_from_a_make_variable():
    result = subprocess.run(["make", "-n", "scrapyd", "SCRAPYD_PORT=6801"], cwd=PROJECT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "SCRAPYD_HTTP_PORT=6801 exec .venv/bin/scrapyd" in result.stdout
