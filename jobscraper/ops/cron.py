"""The schedule of record (``crontab`` at the top of the project) and the user's crontab.

``python -m jobscraper.ops.cron install|remove|show`` (``make cron-install`` etc.) manage this
checkout's lines in the current user's crontab with python-crontab; each line is tagged with a
``jobscraper:<command>`` comment, so removing takes exactly ours. ``python -m jobscraper.ops.cron run``
is what an installed line runs: it decides whether the job is due in UTC, rotates the log and
runs the ``scrapy`` command with its output appended to ``logs/<command>.log``.

Times in ``crontab`` are UTC whatever the server's timezone. Debian's and Ubuntu's cron ignore
``CRON_TZ``, and a ``CRON_TZ`` line in a shared crontab would move the user's own jobs, so it is
not installed. Instead every installed line carries its UTC schedule (``run --at``) and does
nothing when it is not due; on a server whose zone is UTC all year the line keeps the exact
schedule, elsewhere it fires hourly (at the minute matching the UTC minute) and the UTC check
picks the right hour.

An installed line, for the record::

    0 7 * * * cd /srv/jobscraper && mkdir -m 700 -p logs && if [ -f .env ]; then set -a; . ./.env; set +a; fi
      && flock -n -E 75 logs/crawlall.lock /srv/jobscraper/.venv/bin/python -m jobscraper.ops.cron run
      --at '0 7 * * *' crawlall # jobscraper:crawlall

Environment the lines honour (put them in ``.env`` beside the project, never committed):
``DATABASE_URL``, ``SCRAPYD_URLS``, ``SMTP_*`` (the alerts), ``JOBSCRAPER_CRAWL_ARGS`` (extra
arguments for the crawl, e.g. ``--platform greenhouse``), ``JOBSCRAPER_LOG_MAX_BYTES`` and
``JOBSCRAPER_LOG_KEEP`` (log rotation). ``JOBSCRAPER_CRONTAB_FILE`` points install/remove/show
and ``scrapy doctor`` at a crontab file instead of the user's crontab; ``JOBSCRAPER_CRON_NOW``
(an ISO time) pretends the time for the due check (tests).
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from crontab import CronTab

from jobscraper.ops.console import console

say = console(__name__)
PROJECT = Path(__file__).resolve().parents[2]
SCHEDULE_FILE = PROJECT / "crontab"
TAG_PREFIX = "jobscraper:"
LOCKED_EXIT = 75  # what flock answers when the previous run still holds the lock
CRAWL_COMMANDS = ("crawlall", "crawl")
DEFAULT_LOG_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_LOG_KEEP = 5
# A scrapy command's name; it also names the log and the lock file.
COMMAND_NAME = re.compile(r"[a-z][a-z0-9_-]*")


class CronError(Exception):
    """A problem to report in one line (exit 1)."""


@dataclass(frozen=True)
class Entry:
    """One line of the schedule of record: a UTC schedule and a ``scrapy`` command."""

    schedule: str
    command: str
    args: tuple[str, ...] = ()

    @property
    def tag(self) -> str:
        return f"{TAG_PREFIX}{self.command}"


def read_schedule(path: Path = SCHEDULE_FILE) -> list[Entry]:
    """The entries of the schedule file; it must declare ``CRON_TZ=UTC``."""
    tab = CronTab(tabfile=str(path))
    entries = []
    for job in tab:
        if not job.is_enabled():
            continue
        if job.env.all().get("CRON_TZ") != "UTC":
            raise CronError(f"{path} must declare CRON_TZ=UTC before its lines: their times are UTC")
        try:
            words = shlex.split(job.command)
        except ValueError as exc:
            raise CronError(f"{path}: cannot read the command {job.command!r}: {exc}") from None
        if len(words) < 2 or words[0] != "scrapy" or not COMMAND_NAME.fullmatch(words[1]):
            raise CronError(f"{path}: each command must be `scrapy <command> ...`, got {job.command!r}")
        schedule = str(job.slices)
        try:
            due(schedule, datetime.now(timezone.utc))
        except ValueError:
            raise CronError(f"{path}: give five numeric time fields (UTC), not {schedule!r}") from None
        entries.append(Entry(schedule, words[1], tuple(words[2:])))
    commands = [entry.command for entry in entries]
    if len(set(commands)) != len(commands):
        raise CronError(f"{path}: each scrapy command may appear once (logs and locks are per command)")
    return entries


# --- what gets installed -------------------------------------------------------------------


def utc_all_year(now: datetime | None = None) -> bool:
    year = (now or datetime.now()).year
    return all(datetime(year, month, 1).astimezone().utcoffset() == timedelta(0) for month in (1, 7))


def installed_schedule(schedule: str, local_is_utc: bool, offset: timedelta | None = None) -> str:
    """The schedule cron runs the line on: the UTC one on a UTC server, else hourly."""
    if local_is_utc:
        return schedule
    minute = schedule.split()[0]
    if minute.isdigit():
        offset = offset if offset is not None else datetime.now().astimezone().utcoffset() or timedelta(0)
        minute = str((int(minute) + int(offset.total_seconds() // 60)) % 60)
    return f"{minute} * * * *"


def command_line(entry: Entry, project: Path, python: Path) -> str:
    """The shell line cron runs: every word quoted for ``sh``, and every ``%`` escaped, as cron
    would otherwise turn it into a newline."""
    q = shlex.quote
    run = [q(str(python)), "-m", "jobscraper.ops.cron", "run", "--at", q(entry.schedule),
           q(entry.command), *map(q, entry.args)]
    line = (f"cd {q(str(project))} && mkdir -m 700 -p logs && "
            "if [ -f .env ]; then set -a; . ./.env; set +a; fi && "
            f"flock -n -E {LOCKED_EXIT} {q(f'logs/{entry.command}.lock')} " + " ".join(run))
    return line.replace("%", "\\%")


def expected_lines(project: Path = PROJECT, python: Path | None = None,
                   entries: Iterable[Entry] | None = None,
                   local_is_utc: bool | None = None) -> dict[str, tuple[str, str]]:
    """tag -> (installed schedule, command) for this checkout."""
    python = python or project / ".venv" / "bin" / "python"
    local_is_utc = utc_all_year() if local_is_utc is None else local_is_utc
    entries = read_schedule(project / "crontab") if entries is None else entries
    return {e.tag: (installed_schedule(e.schedule, local_is_utc), command_line(e, project, python))
            for e in entries}


def open_tab(tabfile: str | None = None) -> CronTab:
    tabfile = tabfile or os.environ.get("JOBSCRAPER_CRONTAB_FILE") or None
    if tabfile:
        path = Path(tabfile)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
        return CronTab(tabfile=str(path))
    if shutil.which("crontab") is None:
        raise CronError("no `crontab` command on this machine: install cron (apt-get install cron)")
    return CronTab(user=True)


def ours(tab: CronTab) -> list:
    return [job for job in tab if (job.comment or "").startswith(TAG_PREFIX)]


def install(tab: CronTab, lines: dict[str, tuple[str, str]]) -> int:
    """Replace our lines (any checkout's) with ``lines``; the user's other lines stay as they are."""
    for job in ours(tab):
        tab.remove(job)
    for tag, (schedule, command) in lines.items():
        job = tab.new(command=command, comment=tag)
        job.setall(schedule)
    tab.write()
    return len(lines)


def remove(tab: CronTab) -> int:
    found = ours(tab)
    for job in found:
        tab.remove(job)
    tab.write()
    return len(found)


# --- running an installed line -------------------------------------------------------------


def _field_values(field: str, low: int, high: int) -> set[int]:
    values: set[int] = set()
    for part in field.split(","):
        body, _, step = part.partition("/")
        if body == "*":
            start, end = low, high
        elif "-" in body:
            start, end = (int(v) for v in body.split("-", 1))
        else:
            start = end = int(body)
            if step:
                end = high
        values.update(range(start, end + 1, int(step) if step else 1))
    return values


def due(schedule: str, now: datetime) -> bool:
    """Whether ``now`` (UTC) falls in the hour a five-field UTC schedule names; minutes are cron's."""
    _minute, hour, dom, month, dow = schedule.split()
    now = now.astimezone(timezone.utc)
    weekdays = {v % 7 for v in _field_values(dow, 0, 7)}
    day_ok_dom = now.day in _field_values(dom, 1, 31)
    day_ok_dow = now.isoweekday() % 7 in weekdays
    if dom != "*" and dow != "*":
        day_ok = day_ok_dom or day_ok_dow  # cron: either restricted day field matches
    else:
        day_ok = day_ok_dom and day_ok_dow
    return now.hour in _field_values(hour, 0, 23) and now.month in _field_values(month, 1, 12) and day_ok


def rotate(log: Path, max_bytes: int, keep: int) -> None:
    """Size-capped rotation: ``x.log`` -> ``x.log.1`` -> ... -> ``x.log.<keep>`` (dropped)."""
    if not log.exists() or log.stat().st_size < max_bytes:
        return
    for index in range(keep, 0, -1):
        older = log.with_name(f"{log.name}.{index}")
        if index == keep:
            older.unlink(missing_ok=True)
        else:
            newer = log.with_name(f"{log.name}.{index + 1}")
            if older.exists():
                older.replace(newer)
    if keep > 0:
        log.replace(log.with_name(f"{log.name}.1"))
    else:
        log.unlink()


def _now() -> datetime:
    pretend = os.environ.get("JOBSCRAPER_CRON_NOW")
    if pretend:
        return datetime.fromisoformat(pretend.replace("Z", "+00:00")).astimezone(timezone.utc)
    return datetime.now(timezone.utc)


def _stamp() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def run(schedule: str, command: str, args: list[str], project: Path) -> int:
    if not due(schedule, _now()):
        return 0
    logs = project / "logs"
    logs.mkdir(mode=0o700, exist_ok=True)  # logs name alert recipients and hosts
    log = logs / f"{command}.log"
    rotate(log, int(os.environ.get("JOBSCRAPER_LOG_MAX_BYTES") or DEFAULT_LOG_MAX_BYTES),
           int(os.environ.get("JOBSCRAPER_LOG_KEEP") or DEFAULT_LOG_KEEP))
    extra = shlex.split(os.environ.get("JOBSCRAPER_CRAWL_ARGS", "")) if command in CRAWL_COMMANDS else []
    argv = [command, *args, *extra]
    started = time.monotonic()
    with open(os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "a", encoding="utf-8") as out:
        out.write(f"=== {_stamp()} start: scrapy {shlex.join(argv)}\n")
        out.flush()
        code = subprocess.call([sys.executable, "-m", "scrapy", *argv], cwd=project,
                               stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        out.write(f"=== {_stamp()} end: scrapy {command} exited {code} after "
                  f"{time.monotonic() - started:.0f}s\n")
    return code


# --- command line --------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m jobscraper.ops.cron", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="action", required=True)
    for action, text in (("install", "install or refresh this checkout's lines (idempotent)"),
                         ("remove", "remove the jobscraper lines, leaving every other line"),
                         ("show", "print the jobscraper lines installed")):
        command = sub.add_parser(action, help=text)
        command.add_argument("--tabfile", help="a crontab file instead of the user's crontab")
        if action == "install":
            command.add_argument("--python", type=Path, default=None,
                                 help="the virtualenv's python (default: this checkout's .venv)")
    runner = sub.add_parser("run", help="what an installed line runs")
    runner.add_argument("--at", required=True, help="the UTC schedule, five cron fields")
    runner.add_argument("command")
    runner.add_argument("args", nargs=argparse.REMAINDER)
    opts = parser.parse_args(argv)

    if opts.action == "run":
        return run(opts.at, opts.command, opts.args, Path.cwd())
    try:
        tab = open_tab(opts.tabfile)
        where = opts.tabfile or os.environ.get("JOBSCRAPER_CRONTAB_FILE") or "your crontab"
        if opts.action == "install":
            python = opts.python.absolute() if opts.python else None
            count = install(tab, expected_lines(PROJECT, python))
            say.info(f"installed {count} jobscraper line(s) into {where} (times UTC):")
        elif opts.action == "remove":
            say.info(f"removed {remove(tab)} jobscraper line(s) from {where}")
            return 0
        found = ours(tab)
        if not found and opts.action == "show":
            say.info(f"no jobscraper lines in {where}; `make cron-install` installs them")
        for job in found:
            say.info(job.render())
    except CronError as exc:
        say.error(f"error: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    from jobscraper.commands.closedpipe import install as quiet_on_closed_pipe

    quiet_on_closed_pipe()
    sys.exit(main())
