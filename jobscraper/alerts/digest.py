"""One delivery's content: the new (and removed) postings of one alert, rendered per channel."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from jobscraper.alerts.matching import Posting
from jobscraper.ops.console import printable
from jobscraper.db.lifecycle import age_flags

WORKPLACE_LABELS = {"remote": "Remote", "hybrid": "Hybrid", "onsite": "On-site"}


@dataclass
class Digest:
    alert: str
    new: list[Posting] = field(default_factory=list)
    removed: list[Posting] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.new = one_per_role(self.new)
        self.new.sort(key=lambda p: (p.company_name.casefold(), p.title.casefold(), p.id))
        self.removed.sort(key=lambda p: (p.company_name.casefold(), p.title.casefold(), p.id))

    def __len__(self) -> int:
        return len(self.new) + len(self.removed)

    @property
    def subject(self) -> str:
        parts = []
        if self.new:
            parts.append(f"{len(self.new)} new job{'s' if len(self.new) != 1 else ''}")
        if self.removed:
            parts.append(f"{len(self.removed)} no longer listed")
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
