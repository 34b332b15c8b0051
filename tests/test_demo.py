"""`make demo` as a new user runs it: offline, into its own SQLite file whatever DATABASE_URL
says, and without Chromium it still exits 0, naming the browser company it skipped and the fix."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import PROJECT
from dbcheck import rows
from pgserver import free_port


@pytest.mark.slow
def test_demo_without_chromium_skips_the_browser_company_and_never_touches_database_url(tmp_path):
    configured = tmp_path / "production.sqlite3"
    env = {**os.environ, "CHROMIUM_PATH": str(tmp_path / "no-chromium"), "JOBSCRAPER_DATA_DIR": str(tmp_path / "data"),
           "DATABASE_URL": f"sqlite:///{configured}"}
    env.pop("JOBSCRAPER_ENV_FILE", None)  # the demo itself must refuse to read .env
    result = subprocess.run([sys.executable, "tests/demo.py", "--port", str(free_port())], cwd=PROJECT, env=env,
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "skipped meta: CHROMIUM_PATH=" in result.stdout
    assert "fix: apt-get install chromium, or set CHROMIUM_PATH" in result.stdout
    assert not configured.exists()
    demo = f"sqlite:///{tmp_path / 'data' / 'demo.sqlite3'}"
    crawled = {row["slug"] for row in rows(demo, "SELECT DISTINCT c.slug FROM companies c "
                                                 "JOIN job_positions p ON p.company_id = c.id")}
    assert len(crawled) >= 27 and "meta" not in crawled
