"""Re-deriving the stored facts (places, salary) of postings stored under older rules."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, select, update

from jobscraper.db.models import FACTS_VERSION, JobPosition
from jobscraper.normalise.locations import resolve
from jobscraper.normalise.salary import from_item_metadata

FACT_COLUMNS = ("city", "country", "region", "places", "salary_min", "salary_max", "salary_currency",
                "salary_period")


@dataclass
class Reresolved:
    read: int = 0
    changed: int = 0


def reresolve(connection: Connection, chunk: int = 2000) -> Reresolved:
    """Resolve again the places and salary of every posting stored under older rules, from what
    is stored of its source (location text, country, metadata, description).

    Only the fact columns change: no event is written, and ``content_hash`` and
    ``facts_version`` stay as they were, so the posting's next crawl rewrites it silently
    (``db.postings.DERIVED_FIELDS``) instead of reporting an update of unchanged source data.
    """
    result = Reresolved()
    columns = [getattr(JobPosition, name) for name in FACT_COLUMNS]
    last_id = 0
    while True:
        rows = connection.execute(
            select(JobPosition.id, JobPosition.location, JobPosition.extra_metadata,
                   JobPosition.description_text, *columns)
            .where(JobPosition.facts_version < FACTS_VERSION, JobPosition.id > last_id)
            .order_by(JobPosition.id).limit(chunk)
        ).all()
        if not rows:
            return result
        last_id = rows[-1].id
        result.read += len(rows)
        changes = []
        for row in rows:
            facts = _facts(row)
            if any(facts[name] != getattr(row, name) for name in FACT_COLUMNS):
                changes.append({"position_id": row.id, **{f"new_{name}": value for name, value in facts.items()}})
        if changes:
            connection.execute(
                update(JobPosition).where(JobPosition.id == bindparam("position_id"))
                .values(**{name: bindparam(f"new_{name}") for name in FACT_COLUMNS})
                .execution_options(synchronize_session=False),
                changes,
            )
            result.changed += len(changes)


def _facts(row) -> dict:
    raw: list = [{"country": row.country, "text": row.location}] if row.country else []
    resolution = resolve([*raw, row.location, row.city])
    salary = from_item_metadata(row.extra_metadata, row.description_text)
    primary = resolution.primary
    return {
        "city": primary.city, "country": primary.country, "region": primary.region,
        "places": [place.as_dict() for place in resolution.places] or None,
        "salary_min": salary.minimum if salary else None, "salary_max": salary.maximum if salary else None,
        "salary_currency": salary.currency if salary else None, "salary_period": salary.period if salary else None,
    }
