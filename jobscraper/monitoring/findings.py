"""Health findings: the crawls that fail quietly, told from the crawl sessions alone.

A board can keep answering 200 while a third of its postings are gone, every description is
blank or a bot wall stands where the JSON was; the removal guard keeps the database safe, but
nobody is told. ``find`` turns each company's recent sessions into findings, each with a kind,
a severity, the evidence and since when. It is a pure function: the ``health`` command,
``doctor``, the operator notifications and the metrics all read the same findings.

Kinds:

- ``yield_drop``: the last crawl saw under ``yield_drop_share`` of the median of the company's
  last healthy crawls (also when the guard held the removal back);
- ``advertised_gap``: the platform stated a total (Workday ``total``, Eightfold ``count``,
  SmartRecruiters ``totalFound``) and the crawl listed fewer postings;
- ``blank_fields``: the share of new/updated postings with an empty description, location or
  date jumped above ``blank_share_high`` when it had been below ``blank_share_low``;
- ``blocked``: the listing answered 403, 429, or an HTML page (a bot wall or CAPTCHA) where
  JSON was expected; critical when consecutive crawls were blocked;
- ``stale_crawl``: no completed crawl for ``stale_after``;
- ``failing``: the last ``failing_after`` crawls all failed, were partial or abandoned;
- ``held_removal``: a removal the guard is holding back, with its size and the confirming
  crawls still needed.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

WARNING = "warning"
CRITICAL = "critical"
SEVERITY_RANK = {WARNING: 1, CRITICAL: 2}

ADVERTISED_STAT = "jobscraper/listing/advertised"
LISTED_STAT = "jobscraper/listing/listed"
BLANK_FIELDS = ("description", "location", "date")
UNHEALTHY = ("failed", "partial", "abandoned")


@dataclass(frozen=True)
class Crawl:
    """One finished crawl session, as the findings need it."""

    status: str
    started_at: datetime
    items_seen: int
    reason: str | None = None
    stats: dict[str, Any] = field(default_factory=dict)
    written: int = 0  # postings this crawl parsed whole (new or changed ones)
    blank: dict[str, int] = field(default_factory=dict)  # of those, how many lacked each field

    @property
    def healthy(self) -> bool:
        return self.status == "completed"

    def stat(self, key: str) -> int | None:
        value = self.stats.get(key)
        return int(value) if isinstance(value, (int, float)) else None


@dataclass(frozen=True)
class CompanyHistory:
    slug: str
    crawls: Sequence[Crawl]  # newest first
    held_removals: int = 0
    confirming_crawls: int = 3
    first_crawl_at: datetime | None = None


@dataclass(frozen=True)
class Finding:
    company: str
    kind: str
    severity: str
    evidence: str
    since: datetime

    @property
    def key(self) -> tuple[str, str]:
        return self.company, self.kind

    def as_row(self) -> dict[str, Any]:
        return {"company": self.company, "kind": self.kind, "severity": self.severity,
                "evidence": self.evidence, "since": self.since}


@dataclass(frozen=True)
class Thresholds:
    yield_drop_share: float = 0.5
    yield_history: int = 14
    yield_min_history: int = 1
    blank_share_high: float = 0.3
    blank_share_low: float = 0.05
    blank_min_written: int = 3
    stale_after: timedelta = timedelta(days=2)
    failing_after: int = 3


def find(histories: Iterable[CompanyHistory], now: datetime,
         thresholds: Thresholds = Thresholds()) -> list[Finding]:
    findings: list[Finding] = []
    for history in histories:
        for check in CHECKS:
            finding = check(history, now, thresholds)
            if finding is not None:
                findings.append(finding)
    return sorted(findings, key=lambda f: (-SEVERITY_RANK[f.severity], f.company, f.kind))


def _yield_drop(history: CompanyHistory, now: datetime, t: Thresholds) -> Finding | None:
    crawls = [crawl for crawl in history.crawls if crawl.status != "abandoned"]
    if not crawls:
        return None
    latest = crawls[0]
    if latest.status == "failed" and latest.items_seen == 0:
        return None  # a failed crawl is its own finding, not a drop in yield
    baseline = [crawl.items_seen for crawl in crawls[1:] if crawl.healthy][: t.yield_history]
    if len(baseline) < t.yield_min_history:
        return None
    median = statistics.median(baseline)
    if median <= 0 or latest.items_seen >= t.yield_drop_share * median:
        return None
    since = latest.started_at
    for crawl in crawls[1:]:
        if crawl.items_seen >= t.yield_drop_share * median:
            break
        since = crawl.started_at
    severity = CRITICAL if latest.items_seen == 0 else WARNING
    return Finding(history.slug, "yield_drop", severity,
                   f"saw {latest.items_seen} postings; the median of the last {len(baseline)} healthy "
                   f"crawl(s) is {median:g}", since)


def _advertised_gap(history: CompanyHistory, now: datetime, t: Thresholds) -> Finding | None:
    if not history.crawls:
        return None
    latest = history.crawls[0]
    advertised, listed = latest.stat(ADVERTISED_STAT), latest.stat(LISTED_STAT)
    if advertised is None or listed is None or listed >= advertised:
        return None
    return Finding(history.slug, "advertised_gap", WARNING,
                   f"the platform advertised {advertised} postings; the crawl listed {listed}",
                   latest.started_at)


def _blank_share(crawl: Crawl, name: str) -> float | None:
    return crawl.blank.get(name, 0) / crawl.written if crawl.written else None


def _blank_fields(history: CompanyHistory, now: datetime, t: Thresholds) -> Finding | None:
    # Only crawls that parsed postings count: blank fields persist until a later crawl rewrites them.
    written = [crawl for crawl in history.crawls if crawl.written >= t.blank_min_written]
    jumped, since = [], None
    for name in BLANK_FIELDS:
        streak = _leading(written, lambda crawl: (_blank_share(crawl, name) or 0) > t.blank_share_high)
        before = written[len(streak):]
        before_written = sum(crawl.written for crawl in before)
        before_blank = sum(crawl.blank.get(name, 0) for crawl in before)
        if not streak or not before_written or before_blank / before_written >= t.blank_share_low:
            continue
        latest = streak[0]
        jumped.append(f"{name} empty in {_blank_share(latest, name):.0%} of {latest.written} postings "
                      f"parsed (was {before_blank / before_written:.0%})")
        since = min(since or streak[-1].started_at, streak[-1].started_at)
    if not jumped:
        return None
    return Finding(history.slug, "blank_fields", WARNING, "; ".join(jumped), since)


def blocked_kind(crawl: Crawl) -> str | None:
    """How the listing was refused, from the session's reason and status counts; None if not."""
    reason = (crawl.reason or "").lower()
    if crawl.healthy:
        return None
    if "captcha" in reason:
        return "CAPTCHA"
    if "http 403" in reason or "forbidden" in reason:
        return "HTTP 403"
    if "http 429" in reason or (crawl.stat("downloader/response_status_count/429") or 0) > 0 and "incomplete" in reason:
        return "HTTP 429"
    if "not json (text/html" in reason or "is not json (text/html" in reason:
        return "bot wall (an HTML page answered 200 where JSON was expected)"
    return None


def _blocked(history: CompanyHistory, now: datetime, t: Thresholds) -> Finding | None:
    if not history.crawls:
        return None
    kind = blocked_kind(history.crawls[0])
    if kind is None:
        return None
    streak = 0
    since = history.crawls[0].started_at
    for crawl in history.crawls:
        if blocked_kind(crawl) is None:
            break
        streak += 1
        since = crawl.started_at
    severity = CRITICAL if streak >= 2 else WARNING
    return Finding(history.slug, "blocked", severity,
                   f"{kind} on the listing in {streak} consecutive crawl(s)", since)


def _stale_crawl(history: CompanyHistory, now: datetime, t: Thresholds) -> Finding | None:
    last_completed = next((crawl.started_at for crawl in history.crawls if crawl.healthy), None)
    reference = last_completed or history.first_crawl_at
    if reference is None or now - reference < t.stale_after:
        return None
    what = (f"no completed crawl since {last_completed:%Y-%m-%d %H:%M} UTC" if last_completed
            else "never a completed crawl")
    return Finding(history.slug, "stale_crawl", CRITICAL, what, reference)


def _failing(history: CompanyHistory, now: datetime, t: Thresholds) -> Finding | None:
    recent = list(history.crawls[: t.failing_after])
    if len(recent) < t.failing_after or not all(crawl.status in UNHEALTHY for crawl in recent):
        return None
    streak = [crawl for crawl in _leading(history.crawls, lambda c: c.status in UNHEALTHY)]
    reason = recent[0].reason or recent[0].status
    return Finding(history.slug, "failing", CRITICAL,
                   f"the last {len(streak)} crawls failed or were partial; last: {reason}",
                   streak[-1].started_at)


def _held_removal(history: CompanyHistory, now: datetime, t: Thresholds) -> Finding | None:
    if history.held_removals <= 0 or not history.crawls:
        return None
    latest = history.crawls[0]
    remaining = max(history.confirming_crawls - history.held_removals, 0)
    held = _leading(history.crawls, lambda c: c.status == "partial")
    since = held[-1].started_at if held else latest.started_at
    return Finding(history.slug, "held_removal", WARNING,
                   f"{latest.reason or 'a removal is held back'}; {remaining} more confirming "
                   f"crawl(s) before it is applied", since)


def _leading(crawls: Sequence[Crawl], predicate) -> list[Crawl]:
    leading = []
    for crawl in crawls:
        if not predicate(crawl):
            break
        leading.append(crawl)
    return leading


CHECKS = (_failing, _blocked, _stale_crawl, _yield_drop, _advertised_gap, _blank_fields, _held_removal)


def summary(findings: Sequence[Finding]) -> str:
    """One line for ``doctor``."""
    if not findings:
        return "no findings"
    critical = [f for f in findings if f.severity == CRITICAL]
    shown = ", ".join(f"{f.company} {f.kind}" for f in (critical or findings)[:5])
    more = len(critical or findings) - 5
    return (f"{len(findings)} finding(s), {len(critical)} critical: {shown}"
            + (f" and {more} more" if more > 0 else ""))
