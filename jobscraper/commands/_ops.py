"""What the operations commands share: option types, the database, and table/JSON/CSV output."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NoReturn, TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader
from sqlalchemy import Engine

from jobscraper.commands import CommandFailed, error, ready_database
from jobscraper.console import printable

FORMATS = ("table", "json", "csv")
# A table cell shows this much of a longer text (CSV and JSON carry all of it).
CELL_CHARS = 300


# The longest look-back a window option takes: a hundred years, far inside what a date holds.
MAX_DAYS = 36_500
MAX_HOURS = MAX_DAYS * 24


def one_line_errors(parser: argparse.ArgumentParser) -> None:
    """A bad argument ends the command with one line on stderr and exit code 2 (no usage block)."""
    def fail(message: str) -> NoReturn:
        parser.exit(2, f"{parser.prog}: error: {message}\n")
    parser.error = fail  # type: ignore[method-assign]


def whole_number(maximum: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from 1 to ``maximum`` (argparse names the option)."""
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}") from None
        if number <= 0:
            raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
        if maximum is not None and number > maximum:
            raise argparse.ArgumentTypeError(f"at most {maximum}, got {value}")
        return number
    parse.__name__ = "whole number"
    return parse


positive_int = whole_number()
window_days = whole_number(MAX_DAYS)
window_hours = whole_number(MAX_HOURS)


def add_format_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="output: a readable table (default), JSON or CSV")


def reject_arguments(args: list[str]) -> None:
    if args:
        raise UsageError(f"unexpected argument {args[0]!r}")


def check_companies(settings: BaseSettings, slugs: Iterable[str]) -> list[str]:
    """The ``--company`` slugs, each the name of a spider; a usage error names the unknown ones."""
    wanted = list(dict.fromkeys(slugs))
    known = set(get_spider_loader(settings).list())
    unknown = [slug for slug in wanted if slug not in known]
    if unknown:
        raise UsageError(f"--company: no spider named {', '.join(unknown)}; `scrapy list` shows them")
    return wanted


def open_database(command: ScrapyCommand) -> Engine | None:
    """The migrated database, or None after a one-line error and exit code 1."""
    try:
        return ready_database()
    except CommandFailed as exc:
        error(str(exc))
        command.exitcode = exc.exitcode
        return None


# --- output --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    kind: str = "text"  # text | int | rate | time | bool

    @property
    def justify(self) -> str:
        return "right" if self.kind in ("int", "rate") else "left"


def _for_json(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str):
        return printable(value, multiline=True)
    return value


def _for_csv(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    return printable(value)


def _for_table(value: Any, kind: str) -> Text:
    """A cell as rich ``Text``: what the crawler read is shown as written, never as markup."""
    if value is None:
        return Text("–")
    if kind == "rate":
        return Text(f"{value:.0%}")
    if kind == "bool" or isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, datetime):
        return Text(value.strftime("%Y-%m-%d %H:%M UTC"))
    return Text(shorten(printable(value), CELL_CHARS))


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def console(file: TextIO | None = None) -> Console:
    """A console wide enough for a log file when the output is not a terminal."""
    file = file or sys.stdout
    width = None if file.isatty() or os.environ.get("COLUMNS") else 200
    return Console(file=file, width=width, soft_wrap=False)


def render(columns: Sequence[Column], rows: list[dict[str, Any]], fmt: str, *,
           title: str, meta: dict[str, Any] | None = None, list_key: str = "rows",
           totals: dict[str, Any] | None = None, file: TextIO | None = None) -> None:
    """Rows as a rich table, a JSON document (``meta`` + ``list_key`` + ``totals``) or CSV.

    CSV carries the totals as a last row; JSON under ``"totals"``; the table below a rule.
    """
    file = file or sys.stdout
    keys = [column.key for column in columns]
    if fmt == "json":
        document = {key: _for_json(value) for key, value in (meta or {}).items()}
        document[list_key] = [{key: _for_json(row.get(key)) for key in keys} for row in rows]
        if totals is not None:
            document["totals"] = {key: _for_json(totals.get(key)) for key in keys}
        json.dump(document, file, ensure_ascii=False, indent=2)
        file.write("\n")
        return
    if fmt == "csv":
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(keys)
        for row in [*rows, *([totals] if totals is not None else [])]:
            writer.writerow([_for_csv(row.get(key)) for key in keys])
        return
    table = Table(title=Text(printable(title)), box=box.SQUARE, title_justify="left")
    for column in columns:
        table.add_column(Text(column.heading), justify=column.justify, overflow="fold")
    for row in rows:
        table.add_row(*(_for_table(row.get(c.key), c.kind) for c in columns))
    if totals is not None:
        table.add_section()
        table.add_row(*(_for_table(totals.get(c.key), c.kind) for c in columns), style="bold")
    console(file).print(table)


def refresh_metrics(command: ScrapyCommand, engine: Engine) -> None:
    """Every cron command ends by rewriting the metrics textfile (when JOBSCRAPER_METRICS_FILE is set)."""
    from jobscraper.commands import EXIT_FAILED
    from jobscraper.monitoring.watch import write_metrics

    for message in write_metrics(engine):
        error(message)
        command.exitcode = max(command.exitcode or 0, EXIT_FAILED)
