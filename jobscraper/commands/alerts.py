"""``scrapy alerts``. Scrapy imports every command module as any command starts, crawls
included, so the alerts package (YAML, feeds, mail) is imported by the actions that use it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from jobscraper.commands import EXIT_FAILED, CommandFailed, error, ready_database
from jobscraper.commands._ops import one_line_errors, window_days
from jobscraper.ops.console import printable
from jobscraper.db.engine import session_factory
from jobscraper.db.models import ALERT_FREQUENCIES, utc_now

if TYPE_CHECKING:
    from jobscraper.alerts.store import AlertSpec

ACTIONS = ("add", "list", "show", "edit", "enable", "disable", "delete", "test", "send",
           "import", "export")
NEEDS_NAME = ("add", "show", "edit", "enable", "disable", "delete", "test")
# option dest -> criteria field, for the list criteria
CRITERIA_OPTIONS = {
    "keywords": "keywords_any", "all_keywords": "keywords_all", "exclude": "exclude_keywords",
    "company": "companies", "exclude_company": "exclude_companies", "city": "cities",
    "country": "countries", "district": "districts", "workplace": "workplace", "department": "departments",
    "seniority": "seniority", "employment_type": "employment_types",
}


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return f"{{{'|'.join(ACTIONS)}}} [NAME|FILE] [options]"

    def short_desc(self) -> str:
        return "Manage saved searches (alerts) and deliver new matching postings"

    def long_desc(self) -> str:
        return (
            "Alerts match new postings to saved criteria and deliver them by e-mail (SMTP_HOST, "
            "SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_SECURITY=starttls|ssl|none, SMTP_FROM), "
            "webhook (JSON POST with a Slack-compatible `text`), an Atom feed file "
            "(JOBSCRAPER_FEEDS_DIR, default DATA_DIR/feeds) and any apprise URL (--notify "
            "tgram://…, discord://…, mailto://…, json://…), each posting once per alert and "
            "channel, saying why it matched; --watch-changes also tells of changes to postings "
            "already sent (title, location, work mode, removed, reopened, reposted). "
            "Criteria are combined with AND; list options repeat or take commas. "
            "`add NAME`, `edit NAME` (given options replace, --clear FIELD empties), `list`, "
            "`show NAME`, `enable|disable|delete NAME`, `test NAME [--days 30]` (what it would "
            "have matched), `send [NAME ...] [--force]` (what is due: immediate, daily, weekly), "
            "`import FILE [--prune]`, `export [FILE]` (YAML)."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        one_line_errors(parser)
        c = parser.add_argument_group("Criteria (add, edit)")
        for flag, dest, text in (
            ("--keywords", "keywords", "any of these words in the title (or description)"),
            ("--all-keywords", "all_keywords", "all of these words"),
            ("--exclude", "exclude", "none of these words"),
            ("--company", "company", "only these companies (slug or name)"),
            ("--exclude-company", "exclude_company", "not these companies"),
            ("--city", "city", "in these cities"),
            ("--country", "country", "in these countries (ISO code)"),
            ("--district", "district", "in these Israeli districts (Center, Haifa, Jerusalem area ...)"),
            ("--workplace", "workplace", "remote, hybrid, onsite"),
            ("--department", "department", "words of the department"),
            ("--seniority", "seniority", "intern, junior, mid, senior, staff (principal), manager"),
            ("--employment-type", "employment_type", "full_time, part_time, contract, internship, ..."),
        ):
            c.add_argument(flag, dest=dest, action="append", metavar="WORDS", help=text)
        c.add_argument("--search-in", choices=("title", "title_description"),
                       help="where keywords are looked for (default: title)")
        c.add_argument("--posted-within", type=window_days, metavar="DAYS", help="posted in the last DAYS days")
        d = parser.add_argument_group("Delivery (add, edit)")
        d.add_argument("--email", action="append", metavar="ADDRESS", help="e-mail the digest here")
        d.add_argument("--webhook", metavar="URL", help="POST the digest here")
        d.add_argument("--notify", action="append", metavar="URL",
                       help="send the digest to this apprise URL (tgram://, discord://, mailto://, "
                            "json:// ...); repeat for more")
        d.add_argument("--atom", action=argparse.BooleanOptionalAction, default=None,
                       help="write an Atom feed file")
        d.add_argument("--frequency", choices=ALERT_FREQUENCIES,
                       help="immediate (after each crawl), daily or weekly digest")
        d.add_argument("--notify-removed", action=argparse.BooleanOptionalAction, default=None,
                       help="also tell when a sent posting is removed")
        d.add_argument("--watch-changes", action=argparse.BooleanOptionalAction, default=None,
                       help="also tell when a sent posting changes title, location or work mode, "
                            "is removed, reopened or reposted")
        clearable = clearable_fields()
        d.add_argument("--clear", action="append", choices=clearable, metavar="FIELD",
                       help=f"edit: empty a criterion or channel ({', '.join(clearable)})")
        o = parser.add_argument_group("Other")
        o.add_argument("--days", type=window_days, default=30, help="test: look back this many days")
        o.add_argument("--force", action="store_true", help="send: treat the alerts as due")
        o.add_argument("--prune", action="store_true", help="import: delete alerts not in the file")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        from jobscraper.alerts import InvalidAlert

        unknown = [arg for arg in args if arg.startswith("-")]
        if unknown:
            raise UsageError(f"unknown option(s): {' '.join(unknown)}")
        if not args or args[0] not in ACTIONS:
            raise UsageError(f"give an action: {', '.join(ACTIONS)}")
        action, rest = args[0], args[1:]
        if action in NEEDS_NAME and len(rest) != 1:
            raise UsageError(f"`alerts {action}` takes one alert name")
        if action in ("list",) and rest or action in ("import",) and len(rest) != 1 \
                or action == "export" and len(rest) > 1:
            raise UsageError(f"wrong arguments for `alerts {action}`")
        try:
            self.check_before_database(action, rest, opts)
            self.engine = ready_database()
            getattr(self, f"do_{action}")(rest, opts)
        except InvalidAlert as exc:
            raise UsageError(str(exc)) from None
        except CommandFailed as exc:
            error(str(exc))
            self.exitcode = exc.exitcode

    def check_before_database(self, action: str, rest: list[str], opts: argparse.Namespace) -> None:
        """Refuse a bad name, option or file before the database is opened (``InvalidAlert``)."""
        from jobscraper.alerts.store import AlertSpec

        if action in NEEDS_NAME:
            AlertSpec(name=rest[0])
        if action in ("add", "edit"):
            apply_options(AlertSpec(name=rest[0]), opts)
        if action == "import":
            opts.specs = read_specs(rest[0])

    # -- definitions ----------------------------------------------------------------------

    def do_add(self, rest: list[str], opts: argparse.Namespace) -> None:
        from jobscraper.alerts.store import AlertSpec, save_alert
        from jobscraper.db.alerts import get_alert

        with session_factory(self.engine).begin() as session:
            if get_alert(session, rest[0]) is not None:
                raise CommandFailed(f"an alert named {rest[0]} exists; `alerts edit` changes it")
            spec = apply_options(AlertSpec(name=rest[0]), opts)
            save_alert(session, spec)
        print(f"added alert {spec.name} ({describe_channels(spec)})")

    def do_edit(self, rest: list[str], opts: argparse.Namespace) -> None:
        from jobscraper.alerts.store import AlertSpec, save_alert

        with session_factory(self.engine).begin() as session:
            alert = self._existing(session, rest[0])
            spec = apply_options(AlertSpec.from_row(alert), opts)
            save_alert(session, spec)
        print(f"updated alert {spec.name}")

    def do_enable(self, rest: list[str], opts: argparse.Namespace, enabled: bool = True) -> None:
        from jobscraper.alerts.store import AlertSpec, save_alert

        with session_factory(self.engine).begin() as session:
            alert = self._existing(session, rest[0])
            spec = AlertSpec.from_row(alert)
            spec.enabled = enabled
            save_alert(session, spec)
        print(f"{'enabled' if enabled else 'disabled'} alert {rest[0]}")

    def do_disable(self, rest: list[str], opts: argparse.Namespace) -> None:
        self.do_enable(rest, opts, enabled=False)

    def do_delete(self, rest: list[str], opts: argparse.Namespace) -> None:
        from jobscraper.alerts.store import delete_alert

        with session_factory(self.engine).begin() as session:
            if not delete_alert(session, rest[0]):
                raise CommandFailed(f"no alert named {rest[0]}")
        print(f"deleted alert {rest[0]}")

    def do_list(self, rest: list[str], opts: argparse.Namespace) -> None:
        from jobscraper.alerts.store import AlertSpec
        from jobscraper.db.alerts import all_alerts

        with session_factory(self.engine)() as session:
            alerts = all_alerts(session)
        if not alerts:
            print("no alerts; `scrapy alerts add NAME --keywords ...` creates one")
            return
        rows = [("NAME", "STATE", "FREQUENCY", "CHANNELS", "LAST RUN")]
        for alert in alerts:
            state = "flagged" if alert.flagged_at else ("on" if alert.enabled else "off")
            last = f"{alert.last_run_at:%Y-%m-%d %H:%M}" if alert.last_run_at else "never"
            rows.append((alert.name, state, alert.frequency,
                         describe_channels(AlertSpec.from_row(alert)), last))
        print_table(rows)

    def do_show(self, rest: list[str], opts: argparse.Namespace) -> None:
        from jobscraper.alerts.feed import feed_path, feeds_dir
        from jobscraper.alerts.store import AlertSpec
        from jobscraper.alerts.yamlfile import dump_specs
        from jobscraper.db.alerts import ledger_counts

        with session_factory(self.engine)() as session:
            alert = self._existing(session, rest[0])
            counts, changes = ledger_counts(session, alert.id)
        sys.stdout.write(dump_specs([AlertSpec.from_row(alert)], masked=True))
        print(f"# created {alert.created_at:%Y-%m-%d %H:%M} UTC, last run "
              f"{f'{alert.last_run_at:%Y-%m-%d %H:%M} UTC' if alert.last_run_at else 'never'}")
        print(f"# deliveries: {counts.get('sent', 0)} sent, {counts.get('pending', 0)} pending, "
              f"{counts.get('failed', 0)} failed")
        if alert.watch_changes or changes:
            print(f"# changes told: {changes.get('sent', 0)} sent, {changes.get('pending', 0)} pending, "
                  f"{changes.get('failed', 0)} failed")
        if alert.atom:
            print(f"# feed: {feed_path(feeds_dir(), alert.name)}")
        if alert.consecutive_failures:
            flag = " (flagged)" if alert.flagged_at else ""
            print(f"# {alert.consecutive_failures} failed run(s) in a row{flag}: {alert.last_error}")

    # -- matching and delivery ----------------------------------------------------------------

    def do_test(self, rest: list[str], opts: argparse.Namespace) -> None:
        from jobscraper.alerts.criteria import Criteria
        from jobscraper.alerts.delivery import preview
        from jobscraper.alerts.digest import location, posted, workplace

        with session_factory(self.engine)() as session:
            alert = self._existing(session, rest[0])
            criteria = Criteria.from_dict(alert.criteria)
            found = preview(session.connection(), criteria, utc_now(), opts.days)
        print(f"{rest[0]} would have matched {len(found)} posting(s) first seen in the last "
              f"{opts.days} day(s)")
        if found:
            rows = [("COMPANY", "TITLE", "LOCATION", "WORKPLACE", "SENIORITY", "DATE", "URL")]
            rows += [(p.company_name, p.title, location(p), workplace(p) or "—", p.seniority,
                      posted(p), p.url) for p in found]
            print_table(rows)

    def do_send(self, rest: list[str], opts: argparse.Namespace) -> None:
        from jobscraper.alerts import AlertsBusy, send_due_alerts

        if rest:
            with session_factory(self.engine)() as session:
                for name in rest:
                    self._existing(session, name)
        try:
            summary = send_due_alerts(self.engine, names=rest or None, force=opts.force)
        except AlertsBusy as exc:
            raise CommandFailed(str(exc)) from None
        print(summary)
        for line in summary.errors:
            error(line)
        if not summary.ok:
            self.exitcode = EXIT_FAILED

    # -- YAML ---------------------------------------------------------------------------------

    def do_import(self, rest: list[str], opts: argparse.Namespace) -> None:
        from jobscraper.alerts.store import AlertSpec, delete_alert, save_alert
        from jobscraper.db.alerts import all_alerts, get_alert

        specs = opts.specs
        created = updated = unchanged = deleted = 0
        with session_factory(self.engine).begin() as session:
            for spec in specs:
                existing = get_alert(session, spec.name)
                if existing is not None and AlertSpec.from_row(existing) == spec:
                    unchanged += 1
                elif save_alert(session, spec):
                    created += 1
                else:
                    updated += 1
            if opts.prune:
                keep = {spec.name for spec in specs}
                for alert in all_alerts(session):
                    if alert.name not in keep:
                        deleted += delete_alert(session, alert.name)
        print(f"imported {len(specs)} alert(s): {created} added, {updated} updated, {unchanged} unchanged"
              + (f", {deleted} deleted" if opts.prune else ""))

    def do_export(self, rest: list[str], opts: argparse.Namespace) -> None:
        from jobscraper.alerts.store import AlertSpec
        from jobscraper.alerts.yamlfile import dump_specs
        from jobscraper.db.alerts import all_alerts

        with session_factory(self.engine)() as session:
            text = dump_specs([AlertSpec.from_row(alert) for alert in all_alerts(session)])
        if not rest or rest[0] == "-":
            sys.stdout.write(text)
            return
        try:
            Path(rest[0]).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandFailed(f"cannot write {rest[0]}: {exc.strerror or exc}") from None
        print(f"exported alerts to {rest[0]}")

    def _existing(self, session, name: str):
        from jobscraper.db.alerts import get_alert

        alert = get_alert(session, name)
        if alert is None:
            raise CommandFailed(f"no alert named {name}; `scrapy alerts list` shows them")
        return alert


def read_specs(path: str) -> list[AlertSpec]:
    from jobscraper.alerts import InvalidAlert
    from jobscraper.alerts.yamlfile import load_specs

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandFailed(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise InvalidAlert(f"{path} is not UTF-8 text (byte {exc.start})") from None
    return load_specs(text)


def clearable_fields() -> tuple[str, ...]:
    """What ``--clear`` can empty: the list criteria, the other criteria, the channels."""
    from jobscraper.alerts.criteria import LIST_FIELDS

    return (*LIST_FIELDS, "posted_within_days", "search_in", "email", "webhook", "notify")


def _words(values: list[str]) -> list[str]:
    return [word.strip() for value in values for word in value.split(",") if word.strip()]


def apply_options(spec: AlertSpec, opts: argparse.Namespace) -> AlertSpec:
    """The spec with every given option replacing its field, and ``--clear`` fields emptied."""
    from jobscraper.alerts.criteria import Criteria
    from jobscraper.alerts.store import AlertSpec

    criteria = spec.criteria.to_dict()
    channels = {"email": spec.email, "webhook": spec.webhook, "notify": spec.notify}
    for name in opts.clear or []:
        if name in channels:
            channels[name] = None
        else:
            criteria.pop(name, None)
    for dest, name in CRITERIA_OPTIONS.items():
        if getattr(opts, dest) is not None:
            criteria[name] = _words(getattr(opts, dest))
    if opts.search_in is not None:
        criteria["search_in"] = opts.search_in
    if opts.posted_within is not None:
        criteria["posted_within_days"] = opts.posted_within
    if opts.email is not None:
        channels["email"] = _words(opts.email)
    if opts.webhook is not None:
        channels["webhook"] = opts.webhook
    if opts.notify is not None:
        channels["notify"] = [url.strip() for url in opts.notify if url.strip()]
    return AlertSpec(
        name=spec.name, criteria=Criteria.from_dict(criteria), email=channels["email"] or [],
        webhook=channels["webhook"], atom=spec.atom if opts.atom is None else opts.atom,
        notify=channels["notify"] or [],
        watch_changes=spec.watch_changes if opts.watch_changes is None else opts.watch_changes,
        frequency=opts.frequency or spec.frequency,
        notify_removed=spec.notify_removed if opts.notify_removed is None else opts.notify_removed,
        enabled=spec.enabled,
    )


def describe_channels(spec: AlertSpec) -> str:
    return ", ".join(spec.channels) or "no channel"


def print_table(rows: list[tuple[str, ...]]) -> None:
    """Aligned columns fitting the terminal: the last one (the URL) is shortened with an
    ellipsis first; a line still too wide ends in one."""
    rows = [tuple(printable(cell) for cell in row) for row in rows]
    from rich.cells import cell_len, set_cell_size

    from jobscraper.commands._ops import terminal_width

    limit = terminal_width(sys.stdout, fallback=None)  # no terminal at all: whole lines, for grep
    widths = [max(cell_len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    if limit is None:
        limit = sum(widths) + 2 * (len(widths) - 1)
    room = limit - sum(widths[:-1]) - 2 * (len(widths) - 1)
    last = max(min(widths[-1], room), cell_len(str(rows[0][-1])))
    for row in rows:
        *first, end = (str(cell) for cell in row)
        end = end if cell_len(end) <= last else set_cell_size(end, last - 1) + "…"
        line = "  ".join([*(set_cell_size(cell, width) for cell, width in zip(first, widths)), end]).rstrip()
        print(line if cell_len(line) <= limit else set_cell_size(line, limit - 1) + "…")
