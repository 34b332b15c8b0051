"""Every command ends quietly when its reader closes the pipe (``cmd | head -1``)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, insert, select

from conftest import PROJECT
from jobscraper.db.migrate import upgrade
from jobscraper.db.models import Company, JobPosition, utc_now


@pytest.fixture
def many_postings(sqlite_url):
    """Enough output (5,000 postings) that the writer meets the closed pipe."""
    engine = create_engine(sqlite_url)
    upgrade(engine)
    now = utc_now()
    with engine.begin() as connection:
        connection.execute(insert(Company).values(slug="wiz", name="Wiz", platform="greenhouse",
                                                  created_at=now, updated_at=now))
        company_id = connection.execute(select(Company.id)).scalar_one()
        connection.execute(insert(JobPosition), [
            {"company_id": company_id, "external_id": str(n), "title": f"Engineer {n} " + "x" * 100,
             "url": f"https://example.com/{n}", "content_hash": "h", "is_active": True,
             "first_seen_at": now, "last_seen_at": now, "workplace_type": "unknown"}
            for n in range(5000)
        ])
    engine.dispose()
    return sqlite_url


@pytest.mark.parametrize("command", [
    "-m scrapy newjobs --format csv", "-m scrapy newjobs --format json", "-m scrapy companies",
    "-m scrapy doctor", "-m scrapy list", "-m jobscraper.ops.cron show",
])
def test_a_closed_pipe_ends_the_command_quietly(many_postings, command):
    result = subprocess.run(f"{sys.executable} {command} | head -c 10 >/dev/null; echo ${{PIPESTATUS[0]}} >&2",
                            shell=True, executable="/bin/bash", cwd=PROJECT, env={**os.environ},
                            capture_output=True, text=True, timeout=120)
    status = int(result.stderr.strip().splitlines()[-1])
    rest = result.stderr.strip().splitlines()[:-1]
    assert not any("Traceback" in line or "BrokenPipe" in line or "Exception ignored" in line for line in rest), rest
    assert status in (0, 1, 141)  # 141: the usual status of a writer whose reader went away
