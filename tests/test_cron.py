"""The crontab: the schedule of record, installing it (idempotent, ours only), and every installed
line run exactly as written from cron's bare environment against a fixture server."""

from __future__ import annotations

import fcntl
import os
import shlex
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from conftest import PROJECT
from dbcheck import postings, rows, sessions
from greenhouse_format import WIZ_PATH, board, greenhouse_job as job
from jobscraper.ops import cron

FOREIGN = """MAILTO=me@example.com
# my nightly backup
30 2 * * * /usr/local/bin/backup --all > /dev/null 2>&1
@reboot /usr/bin/true
"""


def test_schedule_of_record_is_utc_crawl_markstale_cleanup():
    assert cron.read_schedule() == [
        cron.Entry("0 7 * * *", "crawlall", ("--alerts",)),
        cron.Entry("0 4 * * *", "markstale", ("--days", "60")),
        cron.Entry("0 3 * * 0", "cleanup", ("--days", "90")),
    ]
    assert "CRON_TZ=UTC" in (PROJECT / "crontab").read_text()


def test_install_is_idempotent_and_remove_takes_only_ours(tmp_path):
    tabfile = tmp_path / "tab"
    tabfile.write_text(FOREIGN)
    lines = cron.expected_lines(PROJECT, PROJECT / ".venv" / "bin" / "python", local_is_utc=True)

    assert cron.install(cron.open_tab(str(tabfile)), lines) == 3
    once = tabfile.read_text()
    assert cron.install(cron.open_tab(str(tabfile)), lines) == 3
    assert tabfile.read_text() == once
    installed = cron.ours(cron.open_tab(str(tabfile)))
    assert [(job.comment, str(job.slices)) for job in installed] == [
        ("jobscraper:crawlall", "0 7 * * *"), ("jobscraper:markstale", "0 4 * * *"), ("jobscraper:cleanup", "0 3 * * 0")]
    assert once.startswith(FOREIGN)
    crawl = installed[0].command
    assert crawl.startswith(f"cd {PROJECT} && ")
    assert f"flock -n -E 75 logs/crawlall.lock {PROJECT}/.venv/bin/python -m jobscraper.ops.cron run --at '0 7 * * *' crawlall" in crawl
    assert ". ./.env" in crawl

    assert cron.remove(cron.open_tab(str(tabfile))) == 3
    assert tabfile.read_text() == FOREIGN
    assert cron.remove(cron.open_tab(str(tabfile))) == 0


def test_reinstalling_from_a_moved_checkout_replaces_the_old_lines(tmp_path):
    tabfile = tmp_path / "tab"
    entries = cron.read_schedule()
    cron.install(cron.open_tab(str(tabfile)), cron.expected_lines(Path("/srv/old"), Path("/srv/old/.venv/bin/python"), entries))
    cron.install(cron.open_tab(str(tabfile)), cron.expected_lines(Path("/srv/new"), Path("/srv/new/.venv/bin/python"), entries))
    commands = [job.command for job in cron.ours(cron.open_tab(str(tabfile)))]
    assert len(commands) == 3 and all(c.startswith("cd /srv/new && ") for c in commands)


def test_make_targets_install_show_and_remove(tmp_path):
    tabfile = tmp_path / "tab"
    tabfile.write_text(FOREIGN)
    env = {**os.environ, "JOBSCRAPER_CRONTAB_FILE": str(tabfile)}
    make = lambda target: subprocess.run(["make", "-s", target], cwd=PROJECT, env=env,  # noqa: E731
                                         capture_output=True, text=True, timeout=120)
    for _ in range(2):
        assert make("cron-install").returncode == 0
    shown = make("cron-show")
    assert shown.returncode == 0 and shown.stdout.count("# jobscraper:") == 3
    assert f"{PROJECT}/.venv/bin/python -m jobscraper.ops.cron run" in shown.stdout
    removed = make("cron-remove")
    assert "removed 3 jobscraper line(s)" in removed.stdout
    assert tabfile.read_text() == FOREIGN


def test_off_utc_servers_fire_hourly_and_the_utc_check_picks_the_hour():
    assert cron.installed_schedule("0 7 * * *", local_is_utc=True) == "0 7 * * *"
    assert cron.installed_schedule("0 7 * * *", local_is_utc=False, offset=timedelta(hours=2)) == "0 * * * *"
    assert cron.installed_schedule("0 7 * * *", local_is_utc=False, offset=timedelta(hours=5, minutes=30)) == "30 * * * *"
    assert cron.installed_schedule("15 3 * * 0", local_is_utc=False, offset=timedelta(hours=-3, minutes=-30)) == "45 * * * *"


@pytest.mark.parametrize("schedule,when,expected", [
    ("0 7 * * *", "2026-11-28T07:00:00Z", True),
    ("0 7 * * *", "2026-11-28T07:59:00Z", True),
    ("0 7 * * *", "2026-11-28T09:00:00+02:00", True),   # 07:00 UTC seen from Israel
    ("0 7 * * *", "2026-11-28T07:00:00+02:00", False),  # 05:00 UTC
    ("0 7 * * *", "2026-11-28T08:00:00Z", False),
    ("0 3 * * 0", "2026-11-29T03:00:00Z", True),        # a Sunday
    ("0 3 * * 7", "2026-11-29T03:00:00Z", True),        # 7 is Sunday too
    ("0 3 * * 0", "2026-11-28T03:00:00Z", False),       # a Saturday
    ("0 3 * * 1-5", "2026-11-27T03:00:00Z", True),      # Friday
    ("0 */6 * * *", "2026-11-27T18:00:00Z", True),
    ("0 */6 * * *", "2026-11-27T19:00:00Z", False),
    ("0 4 1,15 * *", "2026-11-15T04:00:00Z", True),
    ("0 4 1 * 1", "2026-11-30T04:00:00Z", True),        # both day fields set: either matches
])
def test_due_reads_the_schedule_in_utc(schedule, when, expected):
    assert cron.due(schedule, datetime.fromisoformat(when.replace("Z", "+00:00"))) is expected


def test_logs_rotate_at_a_size_cap(tmp_path):
    log = tmp_path / "crawlall.log"
    for generation in range(4):
        log.write_text(f"run {generation}\n" + "x" * 100)
        cron.rotate(log, max_bytes=100, keep=2)
    assert not log.exists()
    assert (tmp_path / "crawlall.log.1").read_text().startswith("run 3")
    assert (tmp_path / "crawlall.log.2").read_text().startswith("run 2")
    assert not (tmp_path / "crawlall.log.3").exists()
    log.write_text("small")
    cron.rotate(log, max_bytes=100, keep=2)
    assert log.read_text() == "small"


# --- every installed line, run as cron runs it -----------------------------------------------


def sunday_at(hour: int) -> datetime:
    today = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
    return today + timedelta(days=(6 - today.weekday()) % 7, hours=hour - today.hour)


@pytest.fixture
def checkout(tmp_path):
    """A scratch copy of this checkout (its virtualenv linked), so logs, locks and .env stay in it."""
    root = tmp_path / "jobscraper"
    root.mkdir()
    shutil.copytree(PROJECT / "jobscraper", root / "jobscraper", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("scrapy.cfg", "crontab"):
        shutil.copy(PROJECT / name, root / name)
    (root / ".venv").symlink_to(sys.prefix)
    return root


def run_line(command: str, home: Path, at: datetime) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["env", "-i", "PATH=/usr/bin:/bin", f"HOME={home}", "SHELL=/bin/sh", "LOGNAME=cron",
         f"JOBSCRAPER_CRON_NOW={at.isoformat()}", "sh", "-c", command],
        capture_output=True, text=True, timeout=300,
    )


def test_every_installed_line_runs_from_crons_bare_environment(checkout, tmp_path, server):
    server.add(WIZ_PATH, board(*(job(n, f"Engineer {n}") for n in range(1, 5))))
    database = checkout / "data" / "jobs.sqlite3"
    (checkout / ".env").write_text(
        f"DATABASE_URL=sqlite:///{database}\n"
        f"JOBSCRAPER_CRAWL_ARGS='--company wiz -a base_url={server.base_url}'\n"
    )
    tabfile = tmp_path / "tab"
    tabfile.write_text(FOREIGN)
    installed = subprocess.run(
        ["env", "-i", "PATH=/usr/bin:/bin", f"HOME={tmp_path}", str(checkout / ".venv" / "bin" / "python"),
         "-m", "jobscraper.ops.cron", "install", "--tabfile", str(tabfile)],
        cwd=checkout, capture_output=True, text=True, timeout=60,
    )
    assert installed.returncode == 0, installed.stderr
    jobs = {job.comment: job.command for job in cron.ours(cron.open_tab(str(tabfile)))}
    assert set(jobs) == {"jobscraper:crawlall", "jobscraper:markstale", "jobscraper:cleanup"}
    assert all(command.startswith(f"cd {checkout} && ") for command in jobs.values())
    url = f"sqlite:///{database}"
    logs = checkout / "logs"

    # Not due: the line does nothing at all.
    quiet = run_line(jobs["jobscraper:crawlall"], tmp_path, sunday_at(8))
    assert quiet.returncode == 0 and not (logs / "crawlall.log").exists()

    crawl = run_line(jobs["jobscraper:crawlall"], tmp_path, sunday_at(7))
    assert crawl.returncode == 0, (logs / "crawlall.log").read_text()[-3000:]
    assert crawl.stdout == crawl.stderr == ""
    assert [s["status"] for s in sessions(url)] == ["completed"]
    assert len(postings(url)) == 4
    log = (logs / "crawlall.log").read_text()
    assert f"start: scrapy crawlall --alerts --company wiz -a base_url={server.base_url}" in log
    assert "[1/1] wiz: completed" in log and "end: scrapy crawlall exited 0" in log

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE job_positions SET last_seen_at = :old WHERE external_id = '1'"),
                           {"old": (datetime.now(timezone.utc) - timedelta(days=61)).replace(tzinfo=None)})
        company_id = connection.execute(text("SELECT id FROM companies WHERE slug = 'wiz'")).scalar_one()
        connection.execute(text(
            "INSERT INTO scraping_sessions (company_id, spider, status, started_at, requests, items_seen, jobs_new,"
            " jobs_updated, jobs_unchanged, jobs_reactivated, jobs_removed, items_invalid, errors, removals_skipped)"
            " VALUES (:c, 'wiz', 'completed', :t, 0, 0, 0, 0, 0, 0, 0, 0, 0, false)"),
            {"c": company_id, "t": (datetime.now(timezone.utc) - timedelta(days=100)).replace(tzinfo=None)})
    engine.dispose()

    stale = run_line(jobs["jobscraper:markstale"], tmp_path, sunday_at(4))
    assert stale.returncode == 0
    assert "marked 1 posting(s) stale (not seen for 60 days): wiz 1" in (logs / "markstale.log").read_text()
    assert [r["event_type"] for r in rows(url, "SELECT event_type FROM job_events WHERE event_type = 'stale'")] == ["stale"]
    assert not postings(url)["1"]["is_active"]

    # A run that finds the previous one still holding the lock does nothing (flock -n, exit 75).
    before = (logs / "markstale.log").read_text()
    with open(logs / "markstale.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        blocked = run_line(jobs["jobscraper:markstale"], tmp_path, sunday_at(4))
    assert blocked.returncode == 75 and (logs / "markstale.log").read_text() == before

    clean = run_line(jobs["jobscraper:cleanup"], tmp_path, sunday_at(3))
    assert clean.returncode == 0
    assert "deleted 1 crawl session(s) older than 90 days" in (logs / "cleanup.log").read_text()
    assert [s["status"] for s in sessions(url)] == ["completed"]


@pytest.mark.parametrize("content,message", [
    ("0 7 * * * scrapy crawlall\n", "must declare CRON_TZ=UTC"),
    ("CRON_TZ=UTC\n0 7 * * * scrapy stats\nCRON_TZ=Asia/Jerusalem\n0 8 * * * scrapy newjobs\n", "must declare CRON_TZ=UTC"),
    ("CRON_TZ=UTC\n0 7 * * sun scrapy crawlall\n", "five numeric time fields"),
    ("CRON_TZ=UTC\n@daily scrapy crawlall\n", "five numeric time fields"),
    ("CRON_TZ=UTC\n0 7 * * * /usr/bin/backup\n", "must be `scrapy <command> ...`"),
    ("CRON_TZ=UTC\n0 7 * * * scrapy crawlall\n0 9 * * * scrapy crawlall --company wiz\n", "may appear once"),
])
def test_a_schedule_file_cron_would_misread_is_refused(tmp_path, content, message):
    path = tmp_path / "crontab"
    path.write_text(content)
    with pytest.raises(cron.CronError, match=message.replace("(", r"\(").replace("*", r"\*")):
        cron.read_schedule(path)


def test_the_installed_line_passes_every_word_of_the_schedule_file_verbatim(tmp_path):
    project = tmp_path / "a 100% 'odd' $(checkout)"
    project.mkdir()
    schedule = project / "crontab"
    schedule.write_text("CRON_TZ=UTC\n"
                        "0 7 * * * scrapy crawlall --platform 'green house;touch pwned' -a 'since=$(touch pwned)' "
                        "-a \"base_url=http://h:1/`id`\" 50\\%\n")  # a '%' escaped, as cron requires
    argv_file = tmp_path / "argv.txt"
    python = tmp_path / "bin dir" / "python"
    python.parent.mkdir()
    python.write_text(f"#!/bin/sh\nprintf '%s\\n' \"$@\" > {shlex.quote(str(argv_file))}\n")
    python.chmod(0o755)
    [(_, line)] = cron.expected_lines(project, python, local_is_utc=True).values()
    assert "%" not in line.replace("\\%", "")
    as_cron_runs_it = line.replace("\\%", "%")
    result = subprocess.run(["sh", "-c", as_cron_runs_it], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert argv_file.read_text().splitlines() == [
        "-m", "jobscraper.ops.cron", "run", "--at", "0 7 * * *", "crawlall",
        "--platform", "green house;touch pwned", "-a", "since=$(touch pwned)", "-a", "base_url=http://h:1/`id`", "50%"]
    assert not list(tmp_path.rglob("pwned")) and (project / "logs").is_dir()


def test_a_scrapy_command_name_that_is_not_a_word_is_refused(tmp_path):
    path = tmp_path / "crontab"
    path.write_text("CRON_TZ=UTC\n0 7 * * * scrapy 'crawlall;id' --alerts\n")
    with pytest.raises(cron.CronError, match="must be `scrapy <command> ...`"):
        cron.read_schedule(path)
