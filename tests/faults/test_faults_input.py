"""What a user types and what a server sends, turned against the commands.

Every bad argument ends the command with one line on stderr and exit code 2, before the database
is opened (a fresh data folder stays empty). Rich markup and escape sequences in titles and in
the headers quoted by a removal reason print as written and never stop the daily line
(``crawlall --alerts``) before its alerts; control characters never make the Atom feed invalid.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import PROJECT
from dbcheck import postings, sessions
from faultfixtures import FAST, db, fault_pg, fault_server, pg, runner, scenario  # noqa: F401
from greenhouse_format import WIZ_PATH, board, greenhouse_job

pytestmark = pytest.mark.faults

ATOM = "{http://www.w3.org/2005/Atom}"
STEERING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

BAD_ARGUMENTS = {
    "newjobs hours beyond a date": ["newjobs", "--hours", "20000000"],
    "stats days beyond a date": ["stats", "--days", "1000000"],
    "markstale days beyond a date": ["markstale", "--days", "1000000"],
    "cleanup days beyond an int": ["cleanup", "--days", "99999999999999"],
    "since beyond a date": ["crawl", "wiz", "-a", "since=900000d"],
    "since of zero": ["crawl", "wiz", "-a", "since=0h"],
    "since of zero in crawlall": ["crawlall", "-a", "since=0m"],
    "removal share not a number": ["crawl", "wiz", "-s", "JOBSCRAPER_REMOVAL_MIN_SEEN_SHARE=abc"],
    "removal share above one": ["crawlall", "-s", "JOBSCRAPER_REMOVAL_MAX_REMOVED_SHARE=7"],
    "batch size of zero": ["crawl", "wiz", "-s", "JOBSCRAPER_DB_BATCH_SIZE=0"],
    "spider renamed by an argument": ["crawl", "jfrog", "-a", "name=wiz"],
    "board replaced by an argument": ["crawlall", "--company", "wiz", "-a", "board_token=other"],
    "scrapyd setting argument": ["crawlall", "--scrapyd", "http://127.0.0.1:9", "-a", "setting=X=1"],
    "scrapyd project argument": ["crawlall", "--scrapyd", "http://127.0.0.1:9", "-a", "project=other"],
    "scrapyd jobid argument": ["crawlall", "--scrapyd", "http://127.0.0.1:9", "-a", "jobid=1"],
    "scrapyd version argument": ["crawlall", "--scrapyd", "http://127.0.0.1:9", "-a", "_version=1"],
    "webhook with a broken IPv6 host": ["alerts", "add", "w", "--webhook", "http://[::1"],
    "posted-within beyond a date": ["alerts", "add", "big", "--email", "a@example.com",
                                    "--posted-within", "100000000"],
    "alert test days beyond a date": ["alerts", "test", "x", "--days", "2000000"],
    "alert name with capitals and a dot": ["alerts", "add", "Bad.Name", "--email", "a@example.com"],
    "alert name with a space": ["alerts", "add", "my alert", "--atom"],
    "alert name starting with a dash": ["alerts", "add", "_x", "--atom"],
    "import of criteria as a list": ["alerts", "import", "{criteria_list}"],
    "import of non-UTF-8 bytes": ["alerts", "import", "{latin1}"],
    "database port not a number": ["stats", "env:DATABASE_URL=postgresql://jobs:Secr3tPw@db.internal:abc/jobs"],
    "database URL not a URL": ["newjobs", "env:DATABASE_URL=not a url at all"],
    "companies with a stray argument": ["companies", "wiz"],
    "migrate with a stray argument": ["migrate", "now"],
}


def run_command(words: list[str], data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JOBSCRAPER_DATA_DIR": str(data)}
    env.pop("DATABASE_URL", None)
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    for word in [w for w in words if w.startswith("env:")]:
        name, _, value = word[4:].partition("=")
        env[name] = value
    args = [w for w in words if not w.startswith("env:")]
    return subprocess.run([sys.executable, "-m", "scrapy", *args], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("case", list(BAD_ARGUMENTS))
def test_a_bad_argument_is_one_line_and_exit_2_before_the_database(case, tmp_path):
    files = {"criteria_list": tmp_path / "list.yaml", "latin1": tmp_path / "latin1.yaml"}
    files["criteria_list"].write_text("alerts:\n  - name: a\n    criteria: [abc]\n    channels: {atom: true}\n")
    files["latin1"].write_bytes("alerts:\n  - name: caf\xe9\n    channels: {atom: true}\n".encode("latin-1"))
    words = [word.format(**files) for word in BAD_ARGUMENTS[case]]
    data = tmp_path / "data"
    result = run_command(words, data)
    lines = result.stderr.splitlines()
    assert result.returncode == 2, result.stderr[-2000:]
    assert len(lines) == 1 and "error" in lines[0] and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "Secr3tPw" not in result.stderr
    assert result.stdout == ""
    assert not data.exists(), f"{case}: the command touched the data folder: {list(data.rglob('*'))}"


def test_markup_in_titles_and_a_content_type_in_the_removal_reason_never_stop_the_daily_line(db, fault_server, runner, scenario, tmp_path):
    titles = {1: "[/]", 2: "[bold]Staff[/bold] Engineer [link=https://evil.example/]apply[/link]",
              3: "\x1b]0;owned\x07\x1b[2JBackend \u202eEngineer", 4: "Data Engineer"}
    feeds = tmp_path / "feeds"
    assert runner.scrapy("alerts", "add", "everything", "--atom",
                         env={"JOBSCRAPER_FEEDS_DIR": str(feeds)}).returncode == 0
    fault_server.add(WIZ_PATH, board(*(greenhouse_job(i, title) for i, title in titles.items())))
    assert runner.crawl("wiz").returncode == 0

    newjobs = runner.scrapy("newjobs", env={"COLUMNS": "400"})
    assert newjobs.returncode == 0, newjobs.stderr
    assert "[/]" in newjobs.stdout and "[link=https://evil.example/]apply[/link]" in newjobs.stdout
    assert not STEERING.search(newjobs.stdout)
    for fmt in ("csv", "json"):
        out = runner.scrapy("newjobs", "--format", fmt)
        assert out.returncode == 0 and not STEERING.search(out.stdout.replace("\n", ""))

    # The next day the board answers HTML, with markup in its Content-Type: a partial crawl whose
    # reason quotes the header; the summary prints it and the alerts still go out.
    header = "text/html; charset=[/][bold]utf-8 \x1b[5m"
    fault_server.add(WIZ_PATH, "<html>maintenance</html>", headers={"Content-Type": header})
    daily = runner.scrapy("crawlall", "--company", "wiz", "--alerts", "-a", f"base_url={fault_server.base_url}",
                          *FAST, env={"JOBSCRAPER_FEEDS_DIR": str(feeds), "COLUMNS": "400"})
    assert "Traceback" not in daily.stderr, daily.stderr[-3000:]
    assert "Crawl summary" in daily.stdout and "charset=[/][bold]utf-8" in daily.stdout
    assert "alerts: 1 alert(s) due" in daily.stdout
    assert not STEERING.search(daily.stdout)
    last = sessions(db)[-1]
    assert last["status"] in ("partial", "failed") and "[/][bold]utf-8" in last["removals_skipped_reason"]

    feed = ET.parse(feeds / "everything.xml").getroot()
    entry_titles = [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
    assert len(entry_titles) == 4 and all(not STEERING.search(t) for t in entry_titles)
    for command in (("stats",), ("companies",)):
        out = runner.scrapy(*command, env={"COLUMNS": "400"})
        assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr[-2000:]
        assert not STEERING.search(out.stdout)
    scenario.tally(db, "wiz", {str(i) for i in titles})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)


def test_control_characters_in_postings_leave_the_feed_well_formed(db, fault_server, runner, scenario, tmp_path):
    # NUL is left to the storage scenarios: PostgreSQL refuses it before any output sees it.
    nasty = "".join(chr(c) for c in range(1, 0x20) if c not in (0x0A,)) + "\x7f\x85\x9b\ufeff"
    titles = {10: f"Engineer {nasty}", 11: "QA \x07\x0c Lead", 12: "Plain title"}
    fault_server.add(WIZ_PATH, board(*(greenhouse_job(i, title, location="Tel Aviv\x1b[31m, Israel")
                                       for i, title in titles.items())))
    feeds = tmp_path / "feeds"
    env = {"JOBSCRAPER_FEEDS_DIR": str(feeds)}
    assert runner.scrapy("alerts", "add", "feed", "--atom", env=env).returncode == 0
    assert runner.crawl("wiz").returncode == 0
    sent = runner.scrapy("alerts", "send", env=env)
    assert sent.returncode == 0, sent.stderr
    assert "3 delivered" in sent.stdout
    feed = ET.parse(feeds / "feed.xml").getroot()  # raises if not well-formed
    entries = list(feed.iter(f"{ATOM}entry"))
    assert len(entries) == 3
    for entry in entries:
        assert not STEERING.search(entry.findtext(f"{ATOM}title") + entry.findtext(f"{ATOM}summary"))
    assert oct((feeds / "feed.xml").stat().st_mode & 0o777) == oct(0o600)
    scenario.tally(db, "wiz", {str(i) for i in titles})
    assert (scenario.wrongly_removed, scenario.lost) == (0, 0)
    assert len(postings(db)) == 3


def test_a_checkout_whose_path_holds_a_percent_sign_migrates_and_crawls(tmp_path, fault_server):
    checkout = tmp_path / "jobs 100% done"
    checkout.mkdir()
    shutil.copytree(PROJECT / "jobscraper", checkout / "jobscraper",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT / "scrapy.cfg", checkout / "scrapy.cfg")
    fault_server.add(WIZ_PATH, board(greenhouse_job(1), greenhouse_job(2)))
    env = {**os.environ, "JOBSCRAPER_DATA_DIR": str(checkout / "data"), "JOBSCRAPER_ENV_FILE": "none"}
    env.pop("DATABASE_URL", None)
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    migrated = subprocess.run([sys.executable, "-m", "scrapy", "migrate"], cwd=checkout, env=env,
                              capture_output=True, text=True, timeout=120)
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    assert "upgraded schema from empty" in migrated.stdout
    crawled = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "wiz", "-a", f"base_url={fault_server.base_url}",
                              *FAST], cwd=checkout, env=env, capture_output=True, text=True, timeout=180)
    assert crawled.returncode == 0, crawled.stderr[-2000:]
    database = f"sqlite:///{checkout / 'data' / 'jobscraper.sqlite3'}"
    assert sorted(postings(database, "wiz")) == ["1", "2"]
