"""One delivery's content: the new (and removed, and changed) postings of one alert, rendered
per channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from jobscraper.alerts.matching import Posting
from jobscraper.ops.console import printable
from jobscraper.db.lifecycle import age_flags

WORKPLACE_LABELS = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On-site"}
# The fields whose change a subscriber watching changes hears of, as a message names them.
WATCHED_FIELDS = {"title": "title", "location": "location", "workplace_type": "work mode"}
CHANGE_HEADINGS = {"changed": "Changed", "removed": "No longer listed", "reopened": "Listed again",
                   "reposted": "Reposted"}


@dataclass
class Change:
    """What happened to a posting already sent: ``kind`` is one of ``CHANGE_HEADINGS``;
    ``fields`` holds (field, old, new) of a ``changed`` one."""

    kind: str
    posting: Posting
    at: datetime
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What changed, one line each: "title: Backend Engineer → Senior Backend Engineer"."""
        if self.kind == "changed":
            return [f"{WATCHED_FIELDS.get(name, name)}: {_value(name, old)} → {_value(name, new)}"
                    for name, old, new in self.fields]
        if self.kind == "removed":
            return [f"removed {self.at:%Y-%m-%d}"]
        if self.kind == "reopened":
            return [f"listed again {self.at:%Y-%m-%d}"]
        return [f"reposted {self.at:%Y-%m-%d} as a new posting"]


def _value(name: str, value: Any) -> str:
    if name == "workplace_type":
        return WORKPLACE_LABELS.get(value or "", "unknown")
    return printable(str(value)) if value not in (None, "") else "—"


@dataclass
class Digest:
    alert: str
    new: list[Posting] = field(default_factory=list)
    removed: list[Posting] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.new = one_per_role(self.new)
        self.new.sort(key=lambda p: (p.company_name.casefold(), p.title.casefold(), p.id))
        self.removed.sort(key=lambda p: (p.company_name.casefold(), p.title.casefold(), p.id))
        self.changes.sort(key=lambda c: (c.at, c.posting.id))

    def __len__(self) -> int:
        return len(self.new) + len(self.removed) + len(self.changes)

    @property
    def subject(self) -> str:
        parts = []
        if self.new:
            parts.append(f"{len(self.new)} new job{'s' if len(self.new) != 1 else ''}")
        if self.removed:
            parts.append(f"{len(self.removed)} no longer listed")
        if self.changes:
            parts.append(f"{len(self.changes)} change{'s' if len(self.changes) != 1 else ''}")
        return f"[jobscraper] {', '.join(parts) or 'nothing new'} for {self.alert}"


def one_per_role(postings: list[Posting]) -> list[Posting]:
    """One posting per requisition (one role posted in several cities), the others' cities
    shown with it."""
    firsts: dict[int, Posting] = {}
    kept = []
    for posting in sorted(postings, key=lambda p: p.id):
        first = firsts.get(posting.requisition_id) if posting.requisition_id else None
        if first is None:
            if posting.requisition_id:
                firsts[posting.requisition_id] = posting
            kept.append(posting)
        elif posting.city and posting.city != first.city and posting.city not in first.also_in:
            first.also_in.append(posting.city)
    return kept


def location(posting: Posting) -> str:
    where = posting.location or ", ".join(p for p in (posting.city, posting.country) if p)
    where = printable(where) or "—"
    return f"{where} (also {printable(', '.join(posting.also_in))})" if posting.also_in else where


def flags(posting: Posting) -> list[str]:
    """"reposted", "posted earlier" (a new posting is never "long open")."""
    found = ["reposted"] if posting.reposted_from_id else []
    return found + age_flags(posting.first_seen_at, posting.posted_at, posting.first_seen_at, is_active=False)


def web_url(url: str | None) -> str | None:
    """The posting's link if it is an http(s) URL a reader can safely follow, else None."""
    text = printable(url).strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def title(posting: Posting, limit: int = 300) -> str:
    text = printable(posting.title) or "(untitled)"
    return text if len(text) <= limit else text[:limit - 1] + "…"


def company(posting: Posting) -> str:
    return printable(posting.company_name)


def workplace(posting: Posting) -> str | None:
    return WORKPLACE_LABELS.get(posting.workplace_type or "")


def posted(posting: Posting) -> str:
    if posting.posted_at is not None:
        return f"posted {posting.posted_at:%Y-%m-%d}"
    if posting.first_seen_at is not None:
        return f"first seen {posting.first_seen_at:%Y-%m-%d}"
    return "date unknown"


def summary_line(posting: Posting) -> str:
    """Company · location · workplace · date, in plain text."""
    parts = [company(posting), location(posting), workplace(posting), posted(posting), *flags(posting)]
    return " · ".join(part for part in parts if part)


def why(posting: Posting) -> str | None:
    """Why the posting matched, in a line: "why: keywords python (title), backend
    (description); city Tel Aviv; seniority senior"; None when the alert has no criteria."""
    if not posting.why:
        return None
    grouped: dict[str, list[str]] = {}
    for reason in posting.why:
        grouped.setdefault(reason.criterion, []).append(printable(str(reason)))
    return "why: " + "; ".join(f"{criterion} {', '.join(values)}" for criterion, values in grouped.items())


def text_lines(digest: Digest) -> list[str]:
    """The digest in plain text, without its subject: each posting with its summary, why it
    matched and its link; then what is no longer listed; then the changes."""
    lines: list[str] = []
    for posting in digest.new:
        lines += [title(posting), f"  {summary_line(posting)}"]
        reason = why(posting)
        if reason:
            lines.append(f"  {reason}")
        lines += [f"  {web_url(posting.url) or 'no link'}", ""]
    if digest.removed:
        lines += ["No longer listed:", ""]
        for posting in digest.removed:
            lines += [f"{title(posting)} ({company(posting)})", f"  {web_url(posting.url) or 'no link'}", ""]
    for change in digest.changes:
        lines.append(f"{CHANGE_HEADINGS[change.kind]}: {title(change.posting)} ({company(change.posting)})")
        lines += [f"  {line}" for line in change.lines()]
        lines += [f"  {web_url(change.posting.url) or 'no link'}", ""]
    return lines
