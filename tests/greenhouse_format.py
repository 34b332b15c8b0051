"""Greenhouse Job Board API responses in the real format, built for test scenarios."""

from __future__ import annotations

import html
from typing import Any


def greenhouse_job(job_id: int, title: str = "Backend Engineer", *, location: str = "Tel Aviv-Yafo, Israel",
                   content: str = "<p>Build things.</p>", token: str = "wizinc",
                   first_published: str | None = "2026-11-01T10:00:00-05:00",
                   updated_at: str = "2026-11-20T10:00:00-05:00",
                   metadata: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "absolute_url": f"https://job-boards.greenhouse.io/{token}/jobs/{job_id}",
        "data_compliance": [],
        "internal_job_id": job_id - 1000,
        "location": {"name": location},
        "metadata": metadata,
        "id": job_id,
        "updated_at": updated_at,
        "requisition_id": None,
        "title": title,
        "company_name": "Wiz",
        "first_published": first_published,
        # Greenhouse entity-escapes its HTML once more.
        "content": html.escape(content, quote=True),
        "departments": [{"id": 1, "name": "R&D", "child_ids": [], "parent_id": None}],
        "offices": [{"id": 2, "name": "Tel Aviv", "location": location, "child_ids": [], "parent_id": None}],
    }


def board(*jobs: dict[str, Any]) -> dict[str, Any]:
    return {"jobs": list(jobs), "meta": {"total": len(jobs)}}


WIZ_PATH = "/v1/boards/wizinc/jobs"
