from __future__ import annotations

import argparse
import json
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from jobscraper.commands import error
from jobscraper.commands._ops import open_database
from jobscraper.db import lifecycle
from jobscraper.db.models import utc_now


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "ID | COMPANY/EXTERNAL_ID"

    def short_desc(self) -> str:
        return "One posting with its whole history"

    def long_desc(self) -> str:
        return ("Prints one posting (by its id in job_positions, or as company slug / the "
                "source's id): its places, work mode, salary, age and flags, then every event "
                "with its crawl session and the fields it changed (old -> new), the postings it "
                "reposts or that repost it, and the other cities of its role (requisition).")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one posting: its id, or COMPANY/EXTERNAL_ID")
        engine = open_database(self)
        if engine is None:
            return
        with engine.connect() as connection:
            posting = lifecycle.find_posting(connection, args[0])
            if posting is None:
                error(f"no posting {args[0]!r} (give its id, or COMPANY/EXTERNAL_ID)")
                self.exitcode = 1
                return
            events = lifecycle.history(connection, posting.id)
            earlier, later = lifecycle.reposts_of(connection, posting.id)
            siblings = lifecycle.requisition_siblings(connection, [posting.id]).get(posting.id, [])
        for line in describe(posting, events, earlier, later, siblings):
            print(line)


def describe(posting: Any, events: list[Any], earlier: list[Any], later: list[Any], siblings: list[Any]) -> list[str]:
    now = utc_now()
    flags = lifecycle.age_flags(posting.first_seen_at, posting.posted_at, now, posting.is_active)
    lines = [
        f"#{posting.id} {posting.title}",
        f"  company     {posting.company_name} ({posting.slug}), source id {posting.external_id}",
        f"  url         {posting.url}",
        f"  places      {_places(posting)}",
        f"  work mode   {posting.workplace_type or 'unknown'}, {posting.employment_type or 'employment type unknown'}",
    ]
    if posting.salary_currency:
        lines.append(f"  salary      {_salary(posting)}")
    status = "active" if posting.is_active else f"removed {posting.removed_at:%Y-%m-%d}" if posting.removed_at \
        else "inactive"
    lines.append(f"  status      {status}; first seen {posting.first_seen_at:%Y-%m-%d} "
                 f"({lifecycle.days_open(posting.first_seen_at, posting.removed_at or now)} days open)"
                 + (f", posted {posting.posted_at:%Y-%m-%d}" if posting.posted_at else "")
                 + (f"; {', '.join(flags)}" if flags else ""))
    for row in earlier:
        lines.append(f"  reposts     #{row.id} ({row.external_id}, first seen {row.first_seen_at:%Y-%m-%d}"
                     + (f", removed {row.removed_at:%Y-%m-%d})" if row.removed_at else ")"))
    for row in later:
        lines.append(f"  reposted as #{row.id} ({row.external_id}, first seen {row.first_seen_at:%Y-%m-%d})")
    if siblings:
        lines.append("  same role   " + ", ".join(
            f"#{row.id} {row.city or row.country or '?'}{'' if row.is_active else ' (removed)'}" for row in siblings))
    lines.append("history")
    for event in events:
        session = f"session {event.session_id} {event.session_status}" if event.session_id else "no session"
        lines.append(f"  {event.created_at:%Y-%m-%d %H:%M} {event.event_type:<11} {session}")
        details = event.details if isinstance(event.details, dict) else json.loads(event.details or "null") or {}
        if details.get("reposted_from"):
            lines.append(f"      reposts #{details['reposted_from']}")
        changes = details.get("changes") or {}
        for name in event.changed_fields or []:
            field = "description_text" if name == "description" else name
            if field in changes:
                old, new = changes[field]
                lines.append(f"      {name}: {_short(old)} -> {_short(new)}")
            else:
                lines.append(f"      {name}: changed")
    return lines


def _places(posting: Any) -> str:
    places = posting.places if isinstance(posting.places, list) else json.loads(posting.places or "null")
    if not places:
        return ", ".join(part for part in (posting.city, posting.region, posting.country) if part) or "unknown"
    shown = []
    for place in places:
        where = ", ".join(part for part in (place.get("city"), place.get("region"), place.get("country")) if part)
        shown.append(f"{where} (remote)" if place.get("remote") and where else where or "remote")
    return "; ".join(shown)


def _salary(posting: Any) -> str:
    low, high = posting.salary_min, posting.salary_max
    amount = f"{low:,.0f}" if low == high or high is None else f"{low:,.0f}-{high:,.0f}" if low is not None \
        else f"up to {high:,.0f}"
    return f"{amount} {posting.salary_currency}" + (f" a {posting.salary_period}" if posting.salary_period else "")


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 80 else text[:77] + "..."
