"""Every output of postings, fed what a hostile careers site could put in a posting.

Table, CSV and JSON (``newjobs``/``stats``/``companies``), the crawl summary, the e-mail (plain
and HTML), the webhook (Slack text and JSON) and the Atom feed: no escape sequence, control or
reordering character reaches the reader, rich markup prints as written, a ``javascript:`` URL is
never a link, the feed parses as XML and a 1 MB title costs a line, not a page.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from email import message_from_bytes, policy

import pytest

from jobscraper.alerts.digest import Digest
from jobscraper.alerts.feed import ATOM, FeedEntry, render as render_feed
from jobscraper.alerts.mail import build_message, html_body, plain_text
from jobscraper.alerts.matching import Posting
from jobscraper.alerts.webhook import payload, slack_text
from jobscraper.commands import newjobs, stats
from jobscraper.commands._ops import render
from jobscraper.ops.console import printable
from jobscraper.ops.runs import SummaryRow, render_summary

NOW = datetime(2026, 3, 1, 6, 0, tzinfo=timezone.utc)

HOSTILE_TEXTS = [
    "[/]",
    "[bold red]Senior[/bold red] Engineer [/]",
    "[link=https://evil.example/]click me[/link]",
    "\x1b[31mred\x1b[0m \x1b[2J\x1b[H cleared",
    "\x1b]0;owned window title\x07Engineer",
    "\x1b]8;;https://evil.example/\x1b\\hyperlink\x1b]8;;\x1b\\",
    "\x9b2J eight-bit CSI \x9d0;osc\x9c",
    "nul\x00 bell\x07 backspace\x08 delete\x7f vertical\x0b formfeed\x0c",
    "invoice\u202egnp.exe isolate\u2066x\u2069 zero\u200bwidth\ufeffbom",
    "lone \ud800 surrogate",
    "<script>alert(1)</script> & <b>bold</b> ]]> <!-- -->",
    "line one\nline two\r\nline three",
    "T" * 1_000_000,
]
HOSTILE_URLS = [
    "javascript:alert(document.cookie)",
    " JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://jobs.example.com/1?q=\x1b]8;;x\x07",
]
# What must never reach a reader: ESC and other C0 controls but newline and tab, DEL and C1
# controls, bidi embeddings/overrides/isolates, zero-width characters and BOM, surrogates.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def hostile_postings() -> list[Posting]:
    postings = []
    for number, text in enumerate(HOSTILE_TEXTS):
        postings.append(Posting(
            id=number + 1, company_slug="evil", company_name=f"Evil {text[:200]}", title=text,
            url=HOSTILE_URLS[number % len(HOSTILE_URLS)], location=text[:500], city="Tel Aviv",
            country="IL", department=text[:200], posted_at=NOW, first_seen_at=NOW))
    return postings


def report_rows() -> list[dict]:
    return [{"first_seen": NOW, "company": "evil", "external_id": text[:50], "title": text,
             "location": text, "department": text, "url": HOSTILE_URLS[n % len(HOSTILE_URLS)],
             "active": True} for n, text in enumerate(HOSTILE_TEXTS)]


def assert_clean(text: str) -> None:
    found = FORBIDDEN.search(text)
    assert found is None, f"{found.group()!r} at {found.start()}: {text[max(0, found.start() - 40):found.start() + 40]!r}"


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_newjobs_output_shows_hostile_postings_as_plain_text(fmt, monkeypatch, request):
    monkeypatch.setenv("COLUMNS", "2000")  # wide enough that no cell wraps
    previous_limit = csv.field_size_limit(2_000_000)  # the 1 MB title is one CSV field
    request.addfinalizer(lambda: csv.field_size_limit(previous_limit))
    out = io.StringIO()
    render(newjobs.COLUMNS, report_rows(), fmt, title="new postings", file=out, list_key="jobs")
    text = out.getvalue()
    assert_clean(text)
    if fmt == "table":
        assert "[/]" in text and "[link=https://evil.example/]click me[/link]" in text
        assert "[bold red]Senior[/bold red]" in text
        assert len(text) < 200_000, "a 1 MB title is shortened in a table cell"
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) == len(HOSTILE_TEXTS) + 1
        assert rows[1][2] == "[/]"
        assert "T" * 1_000_000 in text, "CSV carries the whole title"
        assert rows[4][2] == "red  cleared"
    if fmt == "json":
        jobs = json.loads(text)["jobs"]
        assert [job["title"] for job in jobs][:3] == HOSTILE_TEXTS[:3]
        assert jobs[4]["title"] == "Engineer"
        assert jobs[8]["title"] == "invoicegnp.exe isolatex zerowidthbom"


def test_stats_table_prints_a_removal_reason_quoting_a_server():
    reason = "listing answered Content-Type [text/html; charset=\x1b[5m[/]utf-8] not JSON"
    row = {"company": "evil", "crawls": 1, "completed": 0, "success_rate": 0.0, "seen": 0, "new": 0,
           "updated": 0, "removed": 0, "stale": 0, "active": 3, "last_success": None,
           "last_error": f"2026-03-01 06:00 partial: {reason}"}
    out = io.StringIO()
    import os
    from unittest import mock

    with mock.patch.dict(os.environ, {"COLUMNS": "400"}):
        render(stats.COLUMNS, [row], "table", title="crawls", file=out)
    assert_clean(out.getvalue())
    assert "[/]utf-8]" in out.getvalue() and "[text/html;" in out.getvalue()


def test_crawl_summary_prints_markup_in_the_removal_reason_as_text():
    from rich.console import Console

    out = io.StringIO()
    rows = [SummaryRow("wiz", "partial", seen=3, removal_skipped="Content-Type [text/html] [/] [link=x]y"),
            SummaryRow("jfrog", "completed", seen=1)]
    import os
    from unittest import mock

    with mock.patch.dict(os.environ, {"COLUMNS": "400"}):
        render_summary(rows, file=out)
    text = out.getvalue()
    assert "Content-Type [text/html] [/] [link=x]y" in text
    assert "2/2 ok" in text


def test_email_is_plain_and_links_only_web_urls():
    digest = Digest("hostile", new=hostile_postings())
    message = build_message(digest, "jobscraper <alerts@example.com>", ["me@example.com"])
    parsed = message_from_bytes(message.as_bytes(), policy=policy.default)
    plain = parsed.get_body(("plain",)).get_content()
    html = parsed.get_body(("html",)).get_content()
    for text in (plain, html, plain_text(digest), html_body(digest)):
        assert_clean(text.replace("\n", "").replace("\t", ""))
        assert "javascript:" not in text.lower() and "data:text" not in text
        assert len(text) < 100_000
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<a href=") == 3, "only the https URLs (every fourth posting) are links"
    assert "https://jobs.example.com/1?q=" in plain


def test_webhook_text_and_json_carry_no_controls_and_no_unsafe_link():
    digest = Digest("hostile", new=hostile_postings()[:8], removed=hostile_postings()[8:])
    body = payload(digest)
    encoded = json.dumps(body, ensure_ascii=False)
    assert_clean(slack_text(digest).replace("\n", ""))
    assert_clean(json.loads(encoded)["text"].replace("\n", ""))
    for posting in body["new"] + body["removed"]:
        assert_clean(posting["title"])
        assert posting["url"] is None or posting["url"].startswith("https://")
    assert "javascript" not in encoded.lower()
    assert "&lt;script&gt;" in body["text"]


def test_feed_is_well_formed_atom_whatever_the_postings_hold():
    entries = [FeedEntry(posting, "new" if n % 2 else "removed", NOW)
               for n, posting in enumerate(hostile_postings())]
    document = render_feed("hostile", entries, NOW)
    root = ET.fromstring(document)
    assert root.tag == f"{{{ATOM}}}feed"
    titles = [e.findtext(f"{{{ATOM}}}title") for e in root.iter(f"{{{ATOM}}}entry")]
    assert len(titles) == len(HOSTILE_TEXTS)
    for text in titles:
        assert_clean(text)
        assert len(text) < 3000
    links = [link.get("href") for link in root.iter(f"{{{ATOM}}}link")]
    assert links and all(href.startswith("https://") for href in links)
    assert "No longer listed: [/] — Evil [/]" in titles


def test_printable_keeps_text_and_drops_only_what_steers():
    assert printable("Développeur·se backend — תל אביב [Senior]") == "Développeur·se backend — תל אביב [Senior]"
    assert printable("a\tb\nc", multiline=True) == "a\tb\nc"
    assert printable("a\tb\nc") == "a b c"
    assert printable(None) == ""
    assert printable("\x1b]52;c;ZXZpbA==\x07paste") == "paste"
