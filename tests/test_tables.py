"""Tables fit the terminal they are given: wrapped between words, long URLs and reasons
shortened with an ellipsis, optional columns dropped first, plain text when not a terminal."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest
from rich.cells import cell_len

from jobscraper.commands._ops import render
from jobscraper.commands.newjobs import COLUMNS as NEWJOBS_COLUMNS
from jobscraper.commands.stats import COLUMNS as STATS_COLUMNS
from jobscraper.ops.runs import SummaryRow, render_summary

SEEN = datetime(2026, 11, 30, 7, 5, tzinfo=timezone.utc)
LONG_URL = "https://boards.greenhouse.io/wizinc/jobs/4567890123?gh_jid=4567890123&utm_source=careers-page"
TITLE = "Senior Backend Engineer, Cloud Security Posture Management"
POSTINGS = [
    {"first_seen": SEEN, "company": "wiz", "title": TITLE, "location": "Tel Aviv, Israel",
     "department": "Research and Development", "url": LONG_URL, "external_id": "4567890123", "active": True},
    {"first_seen": SEEN, "company": "appsflyer", "title": "Data Engineer [Herzliya]", "location": None,
     "department": "R&D", "url": "https://x.io/a", "external_id": "1", "active": False},
]
REASON = "incomplete listing: 2 of 5 listing pages failed (HTTP 503 Service Unavailable)"


def table_lines(monkeypatch, width: int, draw) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(width))
    out = io.StringIO()
    draw(out)
    return out.getvalue().splitlines()


def cells(lines: list[str]) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("│")[1:-1]] for line in lines if line.startswith("│")]


@pytest.mark.parametrize("width", [50, 60, 80, 100, 120, 200])
def test_newjobs_fits_every_width_without_breaking_a_word(monkeypatch, width):
    lines = table_lines(monkeypatch, width, lambda out: render(
        NEWJOBS_COLUMNS, POSTINGS, "table", title="2 new posting(s)", file=out))
    assert max(cell_len(line) for line in lines) <= width
    assert all("\x1b[" not in line for line in lines)
    words = {word for row in cells(lines) for cell in row for word in cell.split()}
    for word in TITLE.split():
        assert word in words or any(w.endswith("…") and word.startswith(w[:-1]) for w in words), word


def test_a_wide_terminal_shows_every_column_and_a_narrow_one_drops_the_optional_ones(monkeypatch):
    wide = cells(table_lines(monkeypatch, 260, lambda out: render(
        NEWJOBS_COLUMNS, POSTINGS, "table", title="t", file=out)))
    assert wide[0] == ["first seen", "company", "title", "location", "department", "url", "id", "active", "flags"]
    assert wide[1][2] == TITLE and wide[1][3] == "Tel Aviv, Israel"
    assert wide[2][2] == "Data Engineer [Herzliya]"  # square brackets are text, not markup

    narrow = cells(table_lines(monkeypatch, 100, lambda out: render(
        NEWJOBS_COLUMNS, POSTINGS, "table", title="t", file=out)))
    assert narrow[0] == ["first seen", "company", "title", "location", "url", "active"]
    url = narrow[1][4]
    assert url.endswith("…") and LONG_URL.startswith(url[:-1]) and len(url) < len(LONG_URL)
    assert narrow[1][0] == "2026-11-30 07:05 UTC"


def test_stats_shortens_the_last_error_to_one_line(monkeypatch):
    rows = [{"company": "wiz", "crawls": 3, "completed": 2, "success_rate": 2 / 3, "seen": 30, "new": 3,
             "updated": 1, "removed": 0, "stale": 0, "active": 27, "last_success": SEEN,
             "last_error": f"2026-11-29 07:00 partial: {REASON}"}]
    lines = table_lines(monkeypatch, 100, lambda out: render(STATS_COLUMNS, rows, "table", title="t", file=out))
    assert max(cell_len(line) for line in lines) <= 100
    body = cells(lines[lines.index(next(line for line in lines if line.startswith("├"))):])
    assert len(body) == 1  # one single-line row: the reason does not wrap
    assert body[0][0] == "wiz" and body[0][-1].startswith("2026-11-29 07:00 p")
    assert body[0][-1].endswith("…")


def test_the_crawl_summary_puts_the_reason_in_an_error_column(monkeypatch):
    rows = [SummaryRow("wiz", "completed", 10, 2, 1, 7, 0, "", 3.2),
            SummaryRow("jfrog", "partial", 5, 0, 0, 5, 0, REASON, 1.0),
            SummaryRow("meta", "missing")]
    lines = table_lines(monkeypatch, 120, lambda out: render_summary(rows, file=out))
    assert max(cell_len(line) for line in lines) <= 120
    table = cells(lines)
    assert table[0] == ["company", "status", "seen", "new", "updated", "unchanged", "removed", "error", "duration"]
    by_company = {row[0]: row for row in table[1:]}
    assert by_company["wiz"][7] == "" and by_company["meta"][7] == "no crawl session recorded"
    assert by_company["jfrog"][7].startswith("incomplete listing: 2 of 5")
    assert by_company["total"][1:3] == ["2/3 ok", "15"] and by_company["total"][7] == "2 with an error"

    narrow = cells(table_lines(monkeypatch, 80, lambda out: render_summary(rows, file=out)))
    assert narrow[0] == ["company", "status", "seen", "new", "updated", "removed", "error"]
