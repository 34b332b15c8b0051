"""Files that hold e-mail addresses, webhook URLs and hosts are created for their owner only:
the SQLite database and its folder, the crawl lock files, the cron logs and the Atom feeds."""

from __future__ import annotations

import stat
from datetime import datetime, timezone
from pathlib import Path

from jobscraper.ops import cron
from jobscraper.alerts.feed import write_feed
from jobscraper.db.locks import CrawlLock
from jobscraper.db.engine import get_engine


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_sqlite_database_is_private_with_its_folder_and_lock_files(tmp_path, run_scrapy):
    data = tmp_path / "data"
    result = run_scrapy("migrate", env={"JOBSCRAPER_DATA_DIR": str(data), "DATABASE_URL": ""})
    assert result.returncode == 0, result.stderr
    database = data / "jobscraper.sqlite3"
    assert (mode(data), mode(database)) == (0o700, 0o600)
    assert all(mode(path) == 0o600 for path in data.glob("jobscraper.sqlite3-*"))
    lock = CrawlLock(get_engine(f"sqlite:///{database}"), "wiz")
    lock.acquire()
    try:
        files = [path for path in data.rglob("*") if path.is_file() and "lock" in str(path.relative_to(data))]
        assert files and all(mode(path) == 0o600 for path in files)
        assert all(mode(path.parent) == 0o700 for path in files)
    finally:
        lock.release()


def test_cron_logs_are_private(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBSCRAPER_CRON_NOW", "2026-03-01T07:00:00Z")
    # As under cron: no settings module left in the environment by an in-process Scrapy call.
    monkeypatch.delenv("SCRAPY_SETTINGS_MODULE", raising=False)
    assert cron.run("0 7 * * *", "version", [], tmp_path) == 0
    logs = tmp_path / "logs"
    assert (mode(logs), mode(logs / "version.log")) == (0o700, 0o600)
    assert "end: scrapy version exited 0" in (logs / "version.log").read_text()


def test_feeds_are_private(tmp_path):
    feed = tmp_path / "feeds" / "mine.xml"
    write_feed(feed, "mine", [], datetime(2026, 3, 1, tzinfo=timezone.utc))
    assert (mode(feed.parent), mode(feed)) == (0o700, 0o600)
