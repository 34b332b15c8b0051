"""The diff of a crawl against the stored postings: one read, then bulk writes per batch."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Insert, Select, String, and_, bindparam, func, insert, or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite

from jobscraper.db.arrays import array_of, json_rows, recordset, values_of
from jobscraper.db.models import FACTS_VERSION, JobEvent, JobPosition
from jobscraper.items import CONTENT_FIELDS

STORED_FIELDS = (
    "title", "url", "apply_url", "location", "city", "country", "department",
    "employment_type", "workplace_type", "description_html", "description_text",
    "posted_at", "source_updated_at", "extra_metadata",
    "region", "places", "salary_min", "salary_max", "salary_currency", "salary_period",
)
# The item field that names each content field in an "updated" event.
EVENT_FIELD_NAMES = {"description_text": "description"}
# Fields derived from the source by rules of ours (FACTS_VERSION): when only these differ on a
# posting stored under older rules, the source did not change and no event is written.
DERIVED_FIELDS = frozenset({"city", "country", "region", "places", "employment_type", "workplace_type",
                            "salary_min", "salary_max", "salary_currency", "salary_period"})
# Fields too long to keep their old and new values in an "updated" event's details.
LONG_FIELDS = frozenset({"description_text", "extra_metadata"})


@dataclass(slots=True)
class Known:
    """What the diff needs of a stored posting to classify a new sight of it."""

    id: int
    content_hash: str
    is_active: bool
    listing_fingerprint: str | None
    last_seen_at: datetime | None = None
    facts_version: int = FACTS_VERSION


@dataclass
class BatchResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    reactivated: int = 0
    events: list[dict[str, Any]] = field(default_factory=list)


KNOWN_COLUMNS = ("external_id", "id", "content_hash", "is_active", "listing_fingerprint", "last_seen_at",
                 "facts_version")


def load_known(connection: Connection, company_id: int, external_ids: Sequence[str]) -> dict[str, Known]:
    """What is stored of these postings of the company (a batch's worth: one SELECT per 5,000)."""
    known: dict[str, Known] = {}
    statement = _stored(connection.dialect.name, KNOWN_COLUMNS)
    for chunk in _chunks(external_ids):
        known.update((row.external_id, Known(id=row.id, content_hash=row.content_hash, is_active=row.is_active,
                                             listing_fingerprint=row.listing_fingerprint,
                                             last_seen_at=row.last_seen_at, facts_version=row.facts_version))
                     for row in connection.execute(statement, {"company_id": company_id, "external_ids": chunk}))
    return known


def still_active(connection: Connection, company_id: int, external_ids: Sequence[str],
                 stale_before: datetime) -> tuple[int, list[int]]:
    """Of these postings of the company (listed again, unchanged), how many are stored and
    active, and the ids of those whose ``last_seen_at`` is older than ``stale_before``.

    Counted by the database, one row a chunk: most postings of a daily crawl are these, and
    reading each one's stored row cost more CPU than the rest of its write."""
    count = 0
    stale: list[int] = []
    statement = _still_active(connection.dialect.name)
    for chunk in _chunks(external_ids):
        active, stale_array = connection.execute(
            statement, {"company_id": company_id, "external_ids": chunk, "stale_before": stale_before}).one()
        count += active
        stale += values_of(stale_array)
    return count, stale


def _chunks(external_ids: Sequence[str], size: int = 5000) -> Iterator[list[str]]:
    for start in range(0, len(external_ids), size):
        yield list(external_ids[start:start + size])


# The statements of every batch are built once, with their values bound at each execution:
# building a SELECT with its LATERAL subquery cost a millisecond or more a batch, as much as
# running it.
@lru_cache(maxsize=8)
def _stored(dialect: str, columns: tuple[str, ...]) -> Select:
    """The stored ``columns`` of postings of a company (bound: ``company_id``, ``external_ids``)."""
    selected = [getattr(JobPosition, name) for name in columns]
    if dialect == "postgresql":
        return _probe_each(selected)
    return select(*selected).where(JobPosition.company_id == bindparam("company_id"),
                                   JobPosition.external_id.in_(bindparam("external_ids", expanding=True)))


def _probe_each(columns: Sequence[Any]) -> Select:
    """One unique-index lookup per id, whatever the table's statistics say.

    With statistics from before a company's first big crawl, PostgreSQL answers
    ``company_id = :c AND external_id IN (...)`` by reading every row of the company (it thinks
    there are few): 50 ms a batch at 100k rows. A LATERAL subquery with LIMIT 1 cannot be
    flattened into that plan, so each id is looked up on its own: 1.5 ms a batch.
    """
    wanted = func.unnest(bindparam("external_ids", type_=postgresql.ARRAY(String))) \
        .table_valued("external_id").render_derived(name="wanted")
    stored = (select(*columns)
              .where(JobPosition.company_id == bindparam("company_id"),
                     JobPosition.external_id == wanted.c.external_id)
              .limit(1).lateral("stored"))
    return select(*stored.c).select_from(wanted).join(stored, true())


@lru_cache(maxsize=2)
def _still_active(dialect: str) -> Select:
    """Of postings of a company, the count of the active ones and the ids of the stale ones
    (bound: ``company_id``, ``external_ids``, ``stale_before``)."""
    stored = _stored(dialect, ("id", "is_active", "last_seen_at")).subquery()
    stale_before = bindparam("stale_before", type_=JobPosition.last_seen_at.type)
    is_stale = or_(stored.c.last_seen_at.is_(None), stored.c.last_seen_at <= stale_before)
    stale_ids = array_of(dialect, stored.c.id).filter(is_stale)
    return select(func.count(), stale_ids).where(stored.c.is_active)


def upsert_positions(connection: Connection, rows: list[dict[str, Any]]) -> dict[str, int]:
    """INSERT ... ON CONFLICT DO UPDATE ... RETURNING of many rows; returns external_id -> id.

    On PostgreSQL each page of rows goes as one JSON parameter (``jobscraper.db.arrays.recordset``).
    On SQLite the rows go as parameters of one cached statement, which SQLAlchemy's
    "insertmanyvalues" sends as multi-row INSERTs. Every row has the keys of the first.
    """
    statement = _upsert_statement(connection.dialect.name, tuple(rows[0]))
    return {row.external_id: row.id for row in _execute_rows(connection, statement, rows)}


def insert_events(connection: Connection, events: list[dict[str, Any]]) -> None:
    """INSERT of many ``job_events`` rows (``event_row``), as ``upsert_positions`` sends its rows."""
    names = tuple(events[0])
    statement = _event_insert(names) if connection.dialect.name == "postgresql" else insert(JobEvent)
    for _ in _execute_rows(connection, statement, events):
        pass


def _execute_rows(connection: Connection, statement: Any, rows: list[dict[str, Any]]) -> Iterator[Any]:
    """Run ``statement`` over ``rows`` and yield what it returns: on PostgreSQL a page of rows
    as one JSON parameter at a time (encoding and escaping a page holds the GIL, as binding
    one does: pages of ``insertmanyvalues_page_size`` keep that short); elsewhere all at once."""
    if connection.dialect.name != "postgresql":
        result = connection.execute(statement, rows)
        yield from result if result.returns_rows else ()
        return
    page = connection.dialect.insertmanyvalues_page_size
    for start in range(0, len(rows), page):
        result = connection.execute(statement, {"rows": json_rows(rows[start:start + page])})
        yield from result if result.returns_rows else ()


@lru_cache(maxsize=4)
def _event_insert(names: tuple[str, ...]) -> Insert:
    return insert(JobEvent).from_select(names, recordset(JobEvent.__table__, names))


@lru_cache(maxsize=8)
def _upsert_statement(dialect: str, names: tuple[str, ...]) -> Insert:
    if dialect == "postgresql":
        statement = postgresql.insert(JobPosition).from_select(names, recordset(JobPosition.__table__, names))
    else:
        statement = sqlite.insert(JobPosition)
    excluded = statement.excluded
    updatable = [*STORED_FIELDS, "content_hash", "listing_fingerprint", "is_active",
                 "last_seen_at", "removed_at", "facts_version"]
    return statement.on_conflict_do_update(
        index_elements=[JobPosition.company_id, JobPosition.external_id],
        set_={name: getattr(excluded, name) for name in updatable},
    ).returning(JobPosition.external_id, JobPosition.id)


def fields_changed(connection: Connection, items: dict[int, dict[str, Any]]
                    ) -> dict[int, dict[str, tuple[Any, Any]]]:
    """Which content fields of each updated posting differ from the stored row: name -> (old, new)."""
    rows = connection.execute(_stored_content(), {"ids": list(items)})
    changed: dict[int, dict[str, tuple[Any, Any]]] = {}
    for row in rows.mappings():
        new = items[row["id"]]
        changed[row["id"]] = {name: (row[name], new.get(name)) for name in CONTENT_FIELDS
                              if row[name] != new.get(name)}
    return changed


@lru_cache(maxsize=1)
def _stored_content() -> Select:
    columns = [getattr(JobPosition, name) for name in CONTENT_FIELDS]
    return select(JobPosition.id, *columns).where(JobPosition.id.in_(bindparam("ids", expanding=True)))


def event_fields(changes: dict[str, tuple[Any, Any]] | None) -> tuple[list[str] | None, dict[str, Any] | None]:
    """The changed field names of an "updated" event, and the old and new values of the short ones."""
    if changes is None:
        return None, None
    names = [EVENT_FIELD_NAMES.get(name, name) for name in changes]
    values = {name: [_jsonable(old), _jsonable(new)] for name, (old, new) in changes.items()
              if name not in LONG_FIELDS}
    return names, {"changes": values} if values else None


def _jsonable(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def write_batch(connection: Connection, *, company_id: int, session_id: int | None,
                items: list[dict[str, Any]], known: dict[str, Known], now: datetime,
                last_seen_refresh: timedelta = timedelta(0)) -> BatchResult:
    """Classify a batch against ``known`` and write it: new, updated, reactivated, unchanged.
    ``known`` is only read (a batch that rolls back is classified again the same way). It needs
    only the postings that came whole: a ``seen_only`` one is unchanged if it is stored and
    active, which ``still_active`` asks the database.

    An unchanged posting is not written at all unless its ``last_seen_at`` is older than
    ``last_seen_refresh``: a daily crawl of a board where nothing changed writes nothing.
    """
    result = BatchResult()
    rows: list[dict[str, Any]] = []
    kinds: dict[str, str] = {}
    touched: list[int] = []
    stale_before = now - last_seen_refresh

    def unchanged(previous: Known) -> None:
        result.unchanged += 1
        if previous.last_seen_at is None or previous.last_seen_at <= stale_before:
            touched.append(previous.id)

    seen_only = [item["external_id"] for item in items if item.get("seen_only")]
    if seen_only:
        result.unchanged, touched[:] = still_active(connection, company_id, seen_only, stale_before)
    for item in items:
        if item.get("seen_only"):
            continue
        external_id = item["external_id"]
        previous = known.get(external_id)
        if previous is None:
            kind = "created"
        elif previous.content_hash != item["content_hash"]:
            kind = "updated"
        elif not previous.is_active:
            kind = "reactivated"
        elif previous.listing_fingerprint != item.get("listing_fingerprint"):
            kind = "refingerprinted"
        else:
            unchanged(previous)
            continue
        kinds[external_id] = kind
        rows.append({
            "facts_version": FACTS_VERSION,
            "company_id": company_id,
            "external_id": external_id,
            **{name: item.get(name) for name in STORED_FIELDS},
            "workplace_type": item.get("workplace_type") or "unknown",
            "content_hash": item["content_hash"],
            "listing_fingerprint": item.get("listing_fingerprint"),
            "is_active": True,
            "first_seen_at": now,
            "last_seen_at": now,
            "removed_at": None,
        })

    rows_by_external_id = {row["external_id"]: row for row in rows}
    updated = {known[e].id: rows_by_external_id[e] for e, kind in kinds.items() if kind == "updated"}
    changed = fields_changed(connection, updated) if updated else {}
    for external_id, kind in list(kinds.items()):
        previous = known.get(external_id)
        if kind == "updated" and previous.facts_version < FACTS_VERSION \
                and set(changed.get(previous.id, {})) <= DERIVED_FIELDS:
            kinds[external_id] = "refreshed" if previous.is_active else "reactivated"
    ids = upsert_positions(connection, rows) if rows else {}
    if touched:
        connection.execute(
            update(JobPosition).where(JobPosition.id.in_(touched)).values(last_seen_at=now)
        )

    for external_id, kind in kinds.items():
        row_id = ids[external_id]
        previous = known.get(external_id)
        if kind == "created":
            result.new += 1
            result.events.append(event_row(row_id, company_id, session_id, "created", None, now))
            continue
        if not previous.is_active:
            result.reactivated += 1
            result.events.append(event_row(row_id, company_id, session_id, "reactivated", None, now))
        elif kind in ("refingerprinted", "refreshed"):
            result.unchanged += 1
        if kind == "updated":
            result.updated += previous.is_active
            names, details = event_fields(changed.get(row_id))
            result.events.append(event_row(row_id, company_id, session_id, "updated", names, now, details))
    if result.events:
        insert_events(connection, result.events)
    return result


def event_row(position_id: int, company_id: int, session_id: int | None, kind: str,
           fields: list[str] | None, now: datetime, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"job_position_id": position_id, "company_id": company_id, "session_id": session_id,
            "event_type": kind, "changed_fields": fields, "created_at": now, "details": details}


def deactivate(connection: Connection, *, company_id: int, session_id: int | None, now: datetime,
               event_type: str, condition: Any) -> int:
    """Mark the company's active postings matching ``condition`` inactive, with one event each."""
    removed = connection.execute(
        update(JobPosition)
        .where(and_(JobPosition.company_id == company_id, JobPosition.is_active.is_(True), condition))
        .values(is_active=False, removed_at=now)
        .returning(JobPosition.id)
    ).scalars().all()
    if removed:
        insert_events(connection, [event_row(position_id, company_id, session_id, event_type, None, now)
                                   for position_id in removed])
    return len(removed)


def deactivate_ids(connection: Connection, ids: list[int], **kwargs: Any) -> int:
    """``deactivate`` for a list of posting ids, in chunks a SQLite statement can take."""
    return sum(deactivate(connection, condition=JobPosition.id.in_(ids[start:start + 5000]), **kwargs)
               for start in range(0, len(ids), 5000))


def active_postings(connection: Connection, company_id: int, chunk: int = 10_000) -> Iterator[tuple[str, int]]:
    """(external_id, id) of the company's active postings, read ``chunk`` rows at a time (a
    server-side cursor on PostgreSQL), so a caller that keeps few of them never holds them all.
    Postings known only from a VC board are the board's to remove (``jobscraper.db.boards``)."""
    yield from connection.execute(
        select(JobPosition.external_id, JobPosition.id)
        .where(JobPosition.company_id == company_id, JobPosition.is_active.is_(True),
               JobPosition.board_id.is_(None))
        .execution_options(yield_per=chunk)
    )
