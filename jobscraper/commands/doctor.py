from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.settings import BaseSettings
from scrapy.utils.conf import closest_scrapy_cfg
from scrapy.utils.misc import load_object
from scrapy.utils.spider import iter_spider_classes

from jobscraper.commands import EXIT_FAILED, CommandFailed, ready_database
from jobscraper.commands._ops import one_line_errors, reject_arguments, terminal_width


@dataclass(frozen=True)
class Check:
    """The outcome of one check: a name, pass or fail, what was found, and how to fix a failure."""

    name: str
    ok: bool
    detail: str = ""
    hint: str = ""


@dataclass(frozen=True)
class Context:
    settings: BaseSettings
    project: Path


def check_settings(ctx: Context) -> Check:
    paths = [*ctx.settings.getdict("ITEM_PIPELINES"), *ctx.settings.getdict("EXTENSIONS")]
    paths += [ctx.settings.get("LOG_FORMATTER")] if ctx.settings.get("LOG_FORMATTER") else []
    broken = []
    for path in paths:
        try:
            load_object(path)
        except Exception as exc:  # noqa: BLE001 - any import failure is the finding
            broken.append(f"{path} ({type(exc).__name__}: {exc})")
    if broken:
        return Check("settings load", False, "; ".join(broken),
                     "fix the import, or the path in jobscraper/settings.py")
    return Check("settings load", True, f"{ctx.settings.get('BOT_NAME')}: {len(paths)} components import")


def check_env_file(ctx: Context) -> Check:
    from jobscraper.envfile import EnvFileError, env_file_path, read_env_file

    name = ".env readable by sh (as the cron lines read it)"
    path = env_file_path()
    if path is None or not path.is_file():
        return Check(name, True, f"no {path or '.env'} (JOBSCRAPER_ENV_FILE=none)" if path is None
                     else f"no {path}: settings come from the environment")
    try:
        values = read_env_file(path)
    except EnvFileError as exc:
        return Check(name, False, str(exc), "fix that line of .env: sh runs it before every cron job")
    return Check(name, True, f"{path} sets {', '.join(sorted(values)) or 'nothing'}")


def database_source() -> str:
    """Where DATABASE_URL came from, for the database check."""
    from jobscraper.envfile import APPLIED

    if "DATABASE_URL" in APPLIED:
        return f"DATABASE_URL from {APPLIED['DATABASE_URL']}"
    if os.environ.get("DATABASE_URL", "").strip():
        return "DATABASE_URL from the environment"
    return "DATABASE_URL unset: the default SQLite file"


def check_database(ctx: Context) -> Check:
    from jobscraper.db.engine import database_url, describe
    from jobscraper.db.migrate import current_revision, head_revision

    where = f"{describe(database_url())} ({database_source()})"
    try:
        engine = ready_database(migrate=False)
    except CommandFailed as exc:
        return Check("database reachable and migrated", False, f"{exc} ({database_source()})",
                     "set DATABASE_URL (in .env beside the project) and start the database")
    with engine.connect() as connection:
        current = current_revision(connection)
    head = head_revision()
    if current != head:
        return Check("database reachable and migrated", False,
                     f"{where} is at revision {current or 'empty'}, this jobscraper needs {head}",
                     "run `make migrate`")
    return Check("database reachable and migrated", True, f"{where}, revision {head}")


def check_spiders(ctx: Context) -> Check:
    broken, count = [], 0
    for package_name in ctx.settings.getlist("SPIDER_MODULES"):
        package = importlib.import_module(package_name)
        names = [package_name] + [f"{package_name}.{m.name}" for m in pkgutil.iter_modules(package.__path__)]
        for name in names:
            try:
                module = importlib.import_module(name)
                for spider_cls in iter_spider_classes(module):
                    spider_cls()
                    count += 1
            except Exception as exc:  # noqa: BLE001 - an import or build failure is the finding
                broken.append(f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    if broken:
        return Check("every spider importable", False, "; ".join(broken),
                     "fix the spider module (`scrapy list` shows the traceback)")
    return Check("every spider importable", True, f"{count} spiders import and build")



def check_orphans(ctx: Context) -> Check:
    from scrapy.spiderloader import get_spider_loader

    from jobscraper.db.reports import roster

    name = "every active company has a spider"
    try:
        engine = ready_database(migrate=False)
        with engine.connect() as connection:
            rows = roster(connection, get_spider_loader(ctx.settings).list())
    except CommandFailed:
        return Check(name, False, "database unreachable, companies not checked", "see the database check")
    except Exception as exc:  # noqa: BLE001 - e.g. the tables are missing before `make migrate`
        return Check(name, False, str(exc).splitlines()[0], "run `make migrate`")
    orphans = [row for row in rows if row["state"] == "orphaned" and row["active"]]
    if orphans:
        return Check(name, False, "no spider for " + ", ".join(
            f"{row['company']} ({row['postings']} active postings)" for row in orphans),
            f"retire it with `scrapy companies pause {orphans[0]['company']}`, or restore its spider")
    return Check(name, True, f"{sum(row['active'] for row in rows)} active companies")

def check_crontab(ctx: Context) -> Check:
    from jobscraper.ops import cron

    name = "crontab installed, pointing at this checkout"
    hint = "run `make cron-install` in this checkout"
    try:
        entries = cron.read_schedule(ctx.project / "crontab")
        installed = {job.comment: job for job in cron.ours(cron.open_tab())}
    except (cron.CronError, OSError) as exc:
        missing_cron = "no `crontab` command" in str(exc)
        return Check(name, False, str(exc), "apt-get install cron, then `make cron-install`" if missing_cron else hint)
    problems = []
    for entry in entries:
        job = installed.get(entry.tag)
        if job is None:
            problems.append(f"{entry.tag} missing")
            continue
        before, _, _ = job.command.partition(" -m jobscraper.ops.cron ")
        python = Path(before.split()[-1].strip("'")) if before.split() else Path("?")
        schedule, command = cron.expected_lines(ctx.project, python, [entry])[entry.tag]
        if not job.command.startswith(command.split(" && ")[0] + " && "):
            problems.append(f"{entry.tag} points elsewhere ({job.command.split(' && ')[0]})")
        elif (str(job.slices), job.command) != (schedule, command):
            problems.append(f"{entry.tag} differs from the crontab file")
        elif not python.is_file():
            problems.append(f"{entry.tag} runs {python}, which does not exist")
    known = {entry.tag for entry in entries}
    problems += [f"{tag} is not in the crontab file" for tag in installed if tag not in known]
    if problems:
        return Check(name, False, "; ".join(problems), hint)
    return Check(name, True, f"{len(entries)} lines, {ctx.project}")


def check_chromium(ctx: Context) -> Check:
    try:
        from jobscraper.browser import find_chromium
    except ImportError as exc:
        return Check("Chromium for browser spiders", False, f"jobscraper.browser: {exc}",
                     "update the checkout")
    try:
        return Check("Chromium for browser spiders", True, find_chromium())
    except Exception as exc:  # noqa: BLE001 - BrowserNotFound, or anything else it raises
        return Check("Chromium for browser spiders", False, str(exc),
                     "apt-get install chromium, or set CHROMIUM_PATH")


def check_scrapyd(ctx: Context) -> Check:
    from jobscraper.ops import scrapyd

    value = os.environ.get("SCRAPYD_URLS", "")
    if not value.strip():
        return Check("scrapyd reachable", True, "not configured (SCRAPYD_URLS unset), skipped")
    try:
        nodes = scrapyd.parse_nodes(value)
    except ValueError as exc:
        return Check("scrapyd reachable", False, f"SCRAPYD_URLS: {exc}", "fix SCRAPYD_URLS in .env")
    down = []
    for node in nodes:
        try:
            status = scrapyd.daemon_status(node).get("status")
            if status != "ok":
                down.append(f"{node} answered status {status!r}")
        except scrapyd.NodeError as exc:
            down.append(f"{node}: {exc}")
    if down:
        return Check("scrapyd reachable", False, "; ".join(down),
                     "start scrapyd on each node or fix SCRAPYD_URLS in .env")
    return Check("scrapyd reachable", True, ", ".join(str(node) for node in nodes))


def check_alerts(ctx: Context) -> Check:
    from jobscraper.alerts import flagged_alerts

    name = "alert deliveries healthy"
    try:
        engine = ready_database(migrate=False)
        with engine.connect() as connection:
            flagged = flagged_alerts(connection)
    except CommandFailed:
        return Check(name, False, "database unreachable, alerts not checked", "see the database check")
    except Exception as exc:  # noqa: BLE001 - e.g. the alerts table is missing before `make migrate`
        return Check(name, False, str(exc).splitlines()[0], "run `make migrate`")
    if flagged:
        return Check(name, False, f"flagged after repeated delivery failures: {', '.join(flagged)}",
                     "check SMTP_* / the webhook URL, then `scrapy alerts send NAME` (or `alerts edit` clears the flag)")
    return Check(name, True, "no alert flagged")


def check_health(ctx: Context) -> Check:
    """A one-line summary of the health findings; a critical finding fails the check."""
    from jobscraper.monitoring import notify
    from jobscraper.monitoring.findings import CRITICAL, summary
    from jobscraper.monitoring.watch import current_findings

    name = "crawl health"
    try:
        notify.channels(notify.configured_urls())
    except notify.NotifyConfigError as exc:
        return Check(name, False, str(exc), "see README: Monitoring for the URL forms")
    try:
        engine = ready_database(migrate=False)
        findings = current_findings(engine)
    except CommandFailed:
        return Check(name, False, "database unreachable, crawl health not checked", "see the database check")
    except Exception as exc:  # noqa: BLE001 - e.g. a table missing before `make migrate`
        return Check(name, False, str(exc).splitlines()[0], "run `make migrate`")
    if any(finding.severity == CRITICAL for finding in findings):
        return Check(name, False, summary(findings), "`scrapy health` lists the findings with their evidence")
    return Check(name, True, summary(findings))


# The checks, in order. A feature adds its own check by appending a function taking a Context
# and returning a Check (the alerts: SMTP reachable, alert files valid), or by naming it in the
# JOBSCRAPER_DOCTOR_CHECKS setting (a list of import paths).
CHECKS: list[Callable[[Context], Check]] = [
    check_env_file, check_settings, check_database, check_spiders, check_orphans, check_crontab, check_chromium,
    check_scrapyd, check_alerts, check_health,
]


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        one_line_errors(parser)

    def short_desc(self) -> str:
        return "Check the installation: settings, database, spiders, crontab, Chromium, scrapyd"

    def long_desc(self) -> str:
        return ("Runs each check and prints ✓ or ✗ with what it found and, for a failure, how to "
                "fix it: settings load; the database is reachable and migrated; every spider "
                "imports and builds; every active company still has a spider; the crontab lines are installed and point at this checkout; "
                "Chromium is available for browser spiders; scrapyd answers when SCRAPYD_URLS is "
                "set; no alert is flagged for repeated delivery failures. Exit code 0 only if every "
                "check passes.")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        reject_arguments(args)
        ctx = Context(self.settings, Path(closest_scrapy_cfg()).resolve().parent)
        checks = [*CHECKS, *(load_object(p) for p in self.settings.getlist("JOBSCRAPER_DOCTOR_CHECKS"))]
        width = terminal_width(sys.stdout)

        def say(line: str, indent: str) -> None:
            print(textwrap.fill(line, width=width, subsequent_indent=indent,
                                break_long_words=False, break_on_hyphens=False))
        failed = 0
        for check in checks:
            try:
                result = check(ctx)
            except Exception as exc:  # noqa: BLE001 - a crashing check is a failed check
                result = Check(getattr(check, "__name__", str(check)), False,
                               f"{type(exc).__name__}: {exc}", "report this as a bug")
            failed += not result.ok
            mark = "✓" if result.ok else "✗"
            say(f"{mark} {result.name}" + (f": {result.detail}" if result.detail else ""), "    ")
            if not result.ok and result.hint:
                say(f"    fix: {result.hint}", "         ")
        print(f"{len(checks) - failed} of {len(checks)} checks passed")
        sys.stdout.flush()
        if failed:
            self.exitcode = EXIT_FAILED
