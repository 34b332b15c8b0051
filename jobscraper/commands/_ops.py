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
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.settings import BaseSettings
from scrapy.spiderloader import get_spider_loader
from sqlalchemy import Engine

from jobscraper.commands import CommandFailed, error, ready_database
from jobscraper.ops.console import printable

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
    kind: str = "text"  # text | line (one line, shortened) | word | int | rate | time | bool
    optional: bool = False  # the first to go when the terminal is too narrow for every column
    in_table: bool = True  # False: only in JSON and CSV

    @property
    def justify(self) -> str:
        return "right" if self.kind in ("int", "rate") else "left"

    @property
    def fixed(self) -> bool:
        """Numbers, flags and times keep their width; text wraps at spaces, lines shorten."""
        return self.kind not in ("text", "line")


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


LOG_WIDTH = 120  # neither stdout nor stderr is a terminal (cron's log): wide, but bounded
MIN_FLEXIBLE_WIDTH = {"text": 10, "line": 12}
COMFORTABLE_WIDTH = 24  # optional columns make way before a text or line column gets narrower


def terminal_width(file: TextIO, fallback: int | None = LOG_WIDTH) -> int | None:
    """``COLUMNS`` when set, else the width of the terminal the output or the user is at, else
    ``fallback``."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    for stream in (file, sys.stderr):
        try:
            if stream.isatty():
                return os.get_terminal_size(stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            continue
    return fallback


def console(file: TextIO | None = None) -> Console:
    """A console as wide as the terminal (or ``COLUMNS``), with colour only on a terminal."""
    file = file or sys.stdout
    try:
        tty = file.isatty()
    except (AttributeError, ValueError):
        tty = False
    return Console(file=file, width=terminal_width(file), soft_wrap=False, highlight=False,
                   color_system="auto" if tty else None, force_terminal=tty)


def _cell_width(cell: str | Text) -> int:
    """A cell's widest line: a ``Text`` as written, a string as rich markup (our own headings)."""
    lines = cell.split("\n") if isinstance(cell, Text) else [Text.from_markup(line) for line in cell.split("\n")]
    return max((line.cell_len for line in lines), default=0)


def _fit(columns: Sequence[Column], headings: list[str], cells: list[list[str]],
         width: int) -> tuple[list[int], list[int]]:
    """Which columns to show and how wide each is, so that the table fits ``width``.

    Every column gets its widest cell and heading when there is room. Optional columns are left
    out (last first) while the text and line columns would get less than 24 characters. Then
    the widest text and line columns give up room down to a floor (text ten characters, as it
    wraps between words; a line, a URL or a reason, twelve, as it is shortened), then the others
    down to theirs (a number or flag its widest cell, only its heading wraps; a time its date,
    the hour going below it); as a last resort text, lines and times shrink further.
    """
    natural, floors = [], []
    for i, column in enumerate(columns):
        body = max((_cell_width(row[i]) for row in cells), default=0)
        word = max((len(word) for word in column.heading.split()), default=1)
        natural.append(max(body, _cell_width(headings[i]), 1))
        if column.kind == "time":
            floors.append(min(natural[-1], max(word, len("2026-01-01"))))
        elif column.fixed:
            floors.append(max(body, word))
        elif column.kind == "line":
            floors.append(min(natural[-1], max(_cell_width(headings[i]), MIN_FLEXIBLE_WIDTH["line"])))
        else:
            floors.append(min(natural[-1], max(word, MIN_FLEXIBLE_WIDTH["text"])))
    shown = list(range(len(columns)))

    def room() -> int:
        return width - (3 * len(shown) + 1)  # a border and two spaces of padding per column

    comfortable = [natural[i] if column.fixed else min(natural[i], max(floors[i], COMFORTABLE_WIDTH))
                   for i, column in enumerate(columns)]
    while sum(comfortable[i] for i in shown) > room() and any(columns[i].optional for i in shown):
        shown.remove(max(i for i in shown if columns[i].optional))
    widths = {i: natural[i] for i in shown}
    words_first = {i: floors[i] if columns[i].kind in ("text", "line") else natural[i] for i in shown}
    last_resort = {i: floors[i] if columns[i].kind in ("word", "int", "rate", "bool") else min(floors[i], 3)
                   for i in shown}
    for lowest in (words_first, {i: floors[i] for i in shown}, last_resort):
        excess = sum(widths.values()) - room()
        while excess > 0:
            wide = [i for i in shown if widths[i] > lowest[i]]
            if not wide:
                break
            widths[max(wide, key=lambda i: widths[i])] -= 1
            excess -= 1
    return shown, [widths[i] for i in shown]


def print_table(columns: Sequence[Column], rows: list[list[str | Text]], *, title: str,
                totals: list[str | Text] | None = None, file: TextIO | None = None) -> None:
    """Cells (rich markup) as a table that fits the terminal: text wraps between words, a word
    too long for its column and a line column (URLs, reasons) are shortened with an ellipsis."""
    out = console(file)
    headings = [escape(column.heading) for column in columns]
    shown, widths = _fit(columns, headings, [*rows, *([totals] if totals is not None else [])], out.width)
    table = Table(title=Text(printable(title)), box=box.SQUARE, title_justify="left")
    for i, width in zip(shown, widths):
        column = columns[i]
        table.add_column(headings[i], justify=column.justify, overflow="ellipsis",
                         no_wrap=column.kind == "line", min_width=width, max_width=width)
    for row in rows:
        table.add_row(*(row[i] for i in shown))
    if totals is not None:
        table.add_section()
        table.add_row(*(totals[i] for i in shown), style="bold")
    out.print(table)


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
    columns = [column for column in columns if column.in_table]
    print_table(columns, [[_for_table(row.get(c.key), c.kind) for c in columns] for row in rows],
                title=title, file=file,
                totals=None if totals is None else [_for_table(totals.get(c.key), c.kind) for c in columns])


def refresh_metrics(command: ScrapyCommand, engine: Engine) -> None:
    """Every cron command ends by rewriting the metrics textfile (when JOBSCRAPER_METRICS_FILE is set)."""
    from jobscraper.commands import EXIT_FAILED
    from jobscraper.monitoring.watch import write_metrics

    for message in write_metrics(engine):
        error(message)
        command.exitcode = max(command.exitcode or 0, EXIT_FAILED)
