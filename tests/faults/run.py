"""Run the fault-injection suite and end with its table (``make faults``).

    python tests/faults/run.py [pytest arguments]

Runs every test marked ``faults`` under ``tests/faults`` (extra arguments go to pytest, e.g.
``-k sigterm`` or ``-m "faults and not slow"``), then prints one row per scenario: its result,
the postings it wrongly removed and the postings it lost (both must be 0). A known bug is a
scenario marked ``xfail(strict=True)`` with the reason; its counts show what the bug does.
Exits with pytest's code, or 1 if a passing scenario counted anything.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

PROJECT = Path(__file__).resolve().parents[2]


@dataclass
class Row:
    scenario: str
    result: str
    wrongly_removed: str
    lost: str
    note: str = ""


def read_results(junit: Path) -> list[Row]:
    rows = []
    for case in ElementTree.parse(junit).getroot().iter("testcase"):
        module = case.get("classname", "").rsplit(".", 1)[-1].removeprefix("test_faults_")
        name = case.get("name", "").removeprefix("test_")
        properties = {p.get("name"): p.get("value") for p in case.iter("property")}
        result, note = "passed", ""
        for outcome in ("failure", "error", "skipped"):
            found = case.find(outcome)
            if found is None:
                continue
            message = (found.get("message") or "").strip()
            if outcome == "skipped" and found.get("type") == "pytest.xfail":
                result, note = "known bug", message
            elif outcome == "skipped":
                result, note = "skipped", message
            else:
                result, note = "FAILED", message.splitlines()[0] if message else outcome
        rows.append(Row(f"{module}: {name}", result, properties.get("wrongly_removed", "-"),
                        properties.get("lost", "-"), note))
    return rows


def render(rows: list[Row], console: Console) -> None:
    table = Table(title="Fault injection: every fault, an assertion, nothing lost")
    table.add_column("scenario", overflow="fold")
    table.add_column("result")
    table.add_column("wrongly removed (must be 0)", justify="right")
    table.add_column("lost (must be 0)", justify="right")
    for row in rows:
        table.add_row(escape(row.scenario), row.result, row.wrongly_removed, row.lost)
    console.print(table)
    notes = dict.fromkeys((row.result, row.scenario.split("[")[0], row.note)
                          for row in rows if row.result in ("known bug", "FAILED"))
    for result, scenario, note in notes:
        console.print(f"[bold]{result}[/bold] {escape(scenario)}: {escape(note)}", soft_wrap=True)
    counts = {result: sum(row.result == result for row in rows) for result in ("passed", "known bug", "FAILED", "skipped")}
    console.print(", ".join(f"{n} {result}" for result, n in counts.items() if n))


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="jobscraper-faults-") as folder:
        junit = Path(folder) / "faults.xml"
        command = [sys.executable, "-m", "pytest", "-c", "tests/pytest.ini", "--rootdir", ".", "-m", "faults",
                   "-q", "-p", "no:cacheprovider", f"--junitxml={junit}", "-o", "junit_family=xunit1",
                   "tests/faults", *argv]
        code = subprocess.run(command, cwd=PROJECT).returncode
        if not junit.exists():
            return code or 1
        rows = read_results(junit)
    render(rows, Console(soft_wrap=False, width=160))
    if any(row.result == "passed" and (row.wrongly_removed not in ("0", "-") or row.lost not in ("0", "-"))
           for row in rows):
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
