"""Reading the database back in tests: rows as dicts."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import create_engine, text

JSON_COLUMNS = ("changed_fields", "stats", "extra_metadata")


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    """SQLite hands JSON columns back as text through raw SQL; PostgreSQL as objects."""
    for key in JSON_COLUMNS:
        if isinstance(row.get(key), str):
            row[key] = json.loads(row[key])
    return row


def rows(url: str, sql: str, **params: Any) -> list[dict[str, Any]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [_decoded(dict(row)) for row in connection.execute(text(sql), params).mappings()]
    finally:
        engine.dispose()


def postings(url: str, company: str = "wiz") -> dict[str, dict[str, Any]]:
    found = rows(url, """
        SELECT p.* FROM job_positions p JOIN companies c ON c.id = p.company_id
        WHERE c.slug = :slug""", slug=company)
    return {row["external_id"]: row for row in found}


def sessions(url: str, company: str = "wiz") -> list[dict[str, Any]]:
    return rows(url, """
        SELECT s.* FROM scraping_sessions s JOIN companies c ON c.id = s.company_id
        WHERE c.slug = :slug ORDER BY s.id""", slug=company)


def events(url: str, session_id: int) -> list[tuple[str, str, Any]]:
    found = rows(url, """
        SELECT p.external_id, e.event_type, e.changed_fields FROM job_events e
        JOIN job_positions p ON p.id = e.job_position_id WHERE e.session_id = :sid
        ORDER BY p.external_id, e.event_type""", sid=session_id)
    return [(row["external_id"], row["event_type"], row["changed_fields"]) for row in found]
