"""The search's request parameters: a ``Search`` (``jobscraper.db.search``) from the query string
of the search page and ``GET /api/postings``, the API's page size and its paging cursor.

A parameter that cannot be used raises ``BadParameter``, which names it; the app answers 400.
"""

from __future__ import annotations

import base64
from datetime import datetime, timezone
from typing import Any

from jobscraper.alerts.seniority import SENIORITY_LEVELS
from jobscraper.db.search import ACTIVE_CHOICES, LIST_PARAMETERS, MAX_LIMIT, PAGE_SIZE, SORTS, Search
from jobscraper.normalise.kinds import EMPLOYMENT_TYPES, WORKPLACE_TYPES


class BadParameter(ValueError):
    """A search parameter that cannot be used; the message names it."""


def parse_search(params: Any, *, api: bool = False) -> Search:
    """A ``Search`` from query parameters (a Starlette ``QueryParams``); ``BadParameter`` if wrong."""
    values: dict[str, Any] = {"q": (params.get("q") or "").strip()[:500]}
    for name in LIST_PARAMETERS:
        values[name] = tuple(dict.fromkeys(v.strip() for v in params.getlist(name) if v.strip()))
    values["country"] = tuple(c.upper() for c in values["country"])
    _check_vocabulary("workplace", values["workplace"], WORKPLACE_TYPES)
    _check_vocabulary("seniority", values["seniority"], SENIORITY_LEVELS)
    _check_vocabulary("employment_type", values["employment_type"], EMPLOYMENT_TYPES)
    if params.get("posted_within"):
        values["posted_within"] = _whole_number("posted_within", params.get("posted_within"), 1, 3650)
    active = (params.get("active") or "active").strip().lower()
    if api:
        active = {"true": "active", "1": "active", "false": "removed", "0": "removed"}.get(active, active)
    if active not in ACTIVE_CHOICES:
        raise BadParameter(f"active must be one of {', '.join(ACTIVE_CHOICES)}")
    values["active"] = active
    if params.get("first_seen_since"):
        values["first_seen_since"] = _timestamp("first_seen_since", params.get("first_seen_since"))
    sort = params.get("sort") or "newest"
    if sort not in SORTS:
        raise BadParameter(f"sort must be one of {', '.join(SORTS)}")
    values["sort"] = sort
    if params.get("page"):
        values["page"] = _whole_number("page", params.get("page"), 1, 10_000)
    return Search(**values)


def _check_vocabulary(name: str, values: tuple[str, ...], allowed: tuple[str, ...]) -> None:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise BadParameter(f"{name}: unknown value {unknown[0]!r}; choose from {', '.join(allowed)}")


def _whole_number(name: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise BadParameter(f"{name} must be a whole number, got {value!r}") from None
    if not low <= number <= high:
        raise BadParameter(f"{name} must be between {low} and {high}, got {number}")
    return number


def _timestamp(name: str, value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise BadParameter(f"{name} must be an ISO date or timestamp, got {value!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment


def limit_parameter(params: Any) -> int:
    return _whole_number("limit", params.get("limit"), 1, MAX_LIMIT) if params.get("limit") else PAGE_SIZE


def encode_cursor(row: Any) -> str:
    raw = f"{row.first_seen_at.isoformat()}|{row.id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, row_id = raw.split("|")
        return datetime.fromisoformat(moment), int(row_id)
    except (ValueError, UnicodeDecodeError):
        raise BadParameter("cursor is not one this API returned") from None
