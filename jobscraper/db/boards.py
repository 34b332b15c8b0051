"""VC portfolio boards: postings attributed to their employers, a board-scoped view, one row per role.

A board (a Getro collection) is a ``companies`` row of its own, crawled by one spider; its
crawl session is the board's. What the board lists is kept in ``board_listings``, one row per
(board, board job id), each linked to the ``job_positions`` row that stores the role:

- the employer's **direct** posting, when a crawl of the employer's own ATS stored the same role
  (the same canonical URL, or the same normalised title and city): the direct source wins, the
  board only links to it;
- otherwise a **board-owned** posting under the employer (``job_positions.board_id`` set,
  ``external_id`` ``getro-{job id}``). When the employer's own crawl later stores the same role,
  it adopts that row (``adopt_board_postings``): the row takes the direct external id and
  content, and keeps its id, first sighting and the board links.

An employer seen for the first time gets a ``companies`` row with ``discovered_via_id`` = the
board. The board's removal guard counts the board's active listings; a listing the board no
longer shows is removed from the board's view, and its board-owned posting with it unless
another board still lists it. A board never removes a direct posting, and a direct crawl never
removes a board-owned one (``active_postings`` is direct postings only).

Every function takes a batch and issues a fixed number of statements for it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import Connection, bindparam, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from jobscraper.db.models import BoardListing, Company, JobPosition
from jobscraper.db.postings import (
    STORED_FIELDS,
    BatchResult,
    deactivate_ids,
    event_fields,
    event_row,
    fields_changed,
    insert_events,
    upsert_positions,
)

BOARD_ID_PREFIX = "getro-"
EMPLOYER_SUFFIX = "employer"
# Query parameters that track a visit and never name a different posting.
TRACKING_PARAMETERS = re.compile(r"^(utm_.*|gh_src|source|src|ref|lever-source.*|lever-origin)$", re.I)
HOST_ALIASES = {"job-boards.greenhouse.io": "boards.greenhouse.io"}
_NOT_WORD = re.compile(r"[\W_]+")


# --- matching keys -------------------------------------------------------------------------

def canonical_url(url: str | None) -> str | None:
    """The URL without scheme, ``www.``, tracking parameters, fragment or trailing slash."""
    if not url:
        return None
    parts = urlsplit(str(url).strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    host = HOST_ALIASES.get(host, host)
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not TRACKING_PARAMETERS.match(k)))
    return urlunsplit(("", host, parts.path.rstrip("/"), query, "")).removeprefix("//")


def role_key(company_id: int, title: str | None, city: str | None, location: str | None) -> tuple | None:
    """The same company, title and place, whatever the case, punctuation or spacing."""
    name = _NOT_WORD.sub(" ", str(title or "").casefold()).strip()
    place = _NOT_WORD.sub(" ", str(city or location or "").casefold()).strip()
    return (company_id, name, place) if name else None


def slug_for(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


class _Matcher:
    """Stored postings of some companies, looked up by canonical URL or role key."""

    def __init__(self, rows: Iterable[Any]) -> None:
        self.by_url: dict[tuple[int, str], Any] = {}
        self.by_role: dict[tuple, Any] = {}
        for row in rows:
            for url in (row.url, row.apply_url):
                key = canonical_url(url)
                if key:
                    self.by_url.setdefault((row.company_id, key), row)
            role = role_key(row.company_id, row.title, row.city, row.location)
            if role:
                self.by_role.setdefault(role, row)

    def find(self, company_id: int, item: dict[str, Any]) -> Any | None:
        for url in (item.get("url"), item.get("apply_url")):
            key = canonical_url(url)
            if key and (company_id, key) in self.by_url:
                return self.by_url[(company_id, key)]
        role = role_key(company_id, item.get("title"), item.get("city"), item.get("location"))
        return self.by_role.get(role) if role else None


_MATCH_COLUMNS = (JobPosition.id, JobPosition.company_id, JobPosition.external_id, JobPosition.url,
                  JobPosition.apply_url, JobPosition.title, JobPosition.city, JobPosition.location)


# --- employers -----------------------------------------------------------------------------

def employer_of(item: dict[str, Any]) -> tuple[str, str]:
    """(name, slug) of the company that employs, from the item's ``extra_metadata``; a name
    with no Latin letters or digits (Hebrew) gets a slug from the board's organisation id."""
    employer = (item.get("extra_metadata") or {}).get("employer") or {}
    name = str(employer.get("name") or "").strip()
    slug = slug_for(str(employer.get("slug") or "")) or slug_for(name)
    if not slug:
        slug = f"getro{employer['id']}" if employer.get("id") else \
            "employer" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    return name, slug


def resolve_employers(connection: Connection, board_id: int, employers: set[tuple[str, str]],
                      now: datetime) -> dict[tuple[str, str], int]:
    """The company id of each (name, slug): an existing company with that slug or name (never a
    board), else a new one marked as discovered through ``board_id`` (its slug suffixed with
    "employer" when a board has it). One read, one insert."""
    if not employers:
        return {}
    slugs = {slug for _, slug in employers} | {slug + EMPLOYER_SUFFIX for _, slug in employers}
    names = {name.casefold() for name, _ in employers}
    rows = connection.execute(
        select(Company.id, Company.slug, Company.name, Company.platform, Company.discovered_via_id)
        .where(or_(Company.slug.in_(slugs), func.lower(Company.name).in_(names)))
    ).all()
    boards = {row.slug for row in rows if row.platform == "getro" and row.discovered_via_id is None}
    by_slug = {row.slug: row.id for row in rows if row.slug not in boards}
    by_name = {row.name.casefold(): row.id for row in rows if row.slug not in boards}
    resolved: dict[tuple[str, str], int] = {}
    new: dict[tuple[str, str], str] = {}
    for name, slug in employers:
        own_slug = slug + EMPLOYER_SUFFIX if slug in boards else slug
        found = by_slug.get(own_slug) or by_name.get(name.casefold())
        if found:
            resolved[(name, slug)] = found
        else:
            new[(name, slug)] = own_slug
    if new:
        dialect_insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
        statement = dialect_insert(Company).on_conflict_do_nothing(index_elements=[Company.slug])
        connection.execute(statement, list({own_slug: {
            "slug": own_slug, "name": name or own_slug, "platform": "getro", "careers_url": None,
            "is_active": True, "consecutive_held_removals": 0, "created_at": now, "updated_at": now,
            "discovered_via_id": board_id, "discovered_at": now,
        } for (name, _), own_slug in new.items()}.values()))
        ids = dict(connection.execute(
            select(Company.slug, Company.id).where(Company.slug.in_(set(new.values())))).all())
        resolved.update({key: ids[own_slug] for key, own_slug in new.items()})
    return resolved


# --- the board's crawl ---------------------------------------------------------------------

def write_board_batch(connection: Connection, *, board_id: int, session_id: int | None,
                      items: list[dict[str, Any]], now: datetime,
                      last_seen_refresh: timedelta = timedelta(0)) -> tuple[BatchResult, int]:
    """Store a batch of a board's jobs; returns the counts over the board's listings (new to the
    board, reactivated, updated, unchanged) and how many link to a direct posting."""
    result = BatchResult()
    items = [item for item in items if not item.get("seen_only")]
    employer_ids = resolve_employers(connection, board_id, {employer_of(item) for item in items}, now)
    owned_ids = [BOARD_ID_PREFIX + item["external_id"] for item in items]
    company_ids = sorted(set(employer_ids.values()))
    stored = connection.execute(
        select(*_MATCH_COLUMNS, JobPosition.board_id, JobPosition.is_active, JobPosition.content_hash,
               JobPosition.last_seen_at)
        .where(JobPosition.company_id.in_(company_ids))
        .where(or_(JobPosition.is_active.is_(True), JobPosition.external_id.in_(owned_ids)))
    ).all()
    direct = _Matcher(row for row in stored if row.board_id is None and row.is_active)
    owned = {(row.company_id, row.external_id): row for row in stored if row.board_id is not None}
    listed = {row.external_id: row for row in connection.execute(
        select(BoardListing.external_id, BoardListing.is_active, BoardListing.job_position_id,
               BoardListing.last_seen_at)
        .where(BoardListing.board_id == board_id, BoardListing.external_id.in_([i["external_id"] for i in items]))
    )}

    rows: list[dict[str, Any]] = []
    kinds: dict[tuple[int, str], str] = {}
    touched: list[int] = []
    superseded: dict[int, int] = {}  # board-owned posting -> the direct posting of the same role
    links: dict[str, tuple[int, int | None, str | None]] = {}  # listing -> employer, posting, url
    linked = 0
    for item in items:
        company_id = employer_ids[employer_of(item)]
        owned_id = BOARD_ID_PREFIX + item["external_id"]
        previous = owned.get((company_id, owned_id))
        match = direct.find(company_id, item)
        if match is not None:
            linked += 1
            links[item["external_id"]] = (company_id, match.id, item.get("url"))
            if previous is not None and previous.is_active:
                superseded[previous.id] = match.id
            continue
        links[item["external_id"]] = (company_id, previous.id if previous else None, item.get("url"))
        if previous is None:
            kind = "created"
        elif not previous.is_active:
            kind = "reactivated"
        elif previous.content_hash != item["content_hash"]:
            kind = "updated"
        else:
            if previous.last_seen_at is None or previous.last_seen_at <= now - last_seen_refresh:
                touched.append(previous.id)
            continue
        kinds[(company_id, owned_id)] = kind
        rows.append({
            "company_id": company_id,
            "external_id": owned_id,
            **{name: item.get(name) for name in STORED_FIELDS},
            "workplace_type": item.get("workplace_type") or "unknown",
            "content_hash": item["content_hash"],
            "listing_fingerprint": item.get("listing_fingerprint"),
            "is_active": True,
            "first_seen_at": now,
            "last_seen_at": now,
            "removed_at": None,
            "board_id": board_id,
        })

    # Content changes of stored rows, also of those coming back (an "updated" event beside the
    # "reactivated" one, as for direct postings).
    updated = {owned[key].id: row for key, row in zip(kinds, rows)
               if kinds[key] != "created" and owned[key].content_hash != row["content_hash"]}
    changed = fields_changed(connection, updated) if updated else {}
    ids = upsert_positions(connection, rows) if rows else {}
    if touched:
        connection.execute(update(JobPosition).where(JobPosition.id.in_(touched)).values(last_seen_at=now))
    board_updates = set()
    for (company_id, owned_id), kind in kinds.items():
        row_id = ids[owned_id] if owned_id in ids else owned[(company_id, owned_id)].id
        external_id = owned_id.removeprefix(BOARD_ID_PREFIX)
        links[external_id] = (company_id, row_id, links[external_id][2])
        if kind == "reactivated":
            result.events.append(event_row(row_id, company_id, session_id, kind, None, now))
        if row_id in changed:
            names, details = event_fields(changed[row_id])
            result.events.append(event_row(row_id, company_id, session_id, "updated", names, now, details))
            board_updates.add(external_id)
        elif kind == "created":
            result.events.append(event_row(row_id, company_id, session_id, kind, None, now))
    if result.events:
        insert_events(connection, result.events)
    if superseded:
        # Stored twice since an older crawl: the direct posting now stands for the role.
        supersede(connection, superseded, session_id=session_id, now=now)

    # Like postings, a listing seen again unchanged is written only when its last_seen_at is old.
    _upsert_listings(connection, board_id, {
        external_id: link for external_id, link in links.items()
        if external_id not in listed or not listed[external_id].is_active
        or listed[external_id].job_position_id != link[1]
        or listed[external_id].last_seen_at <= now - last_seen_refresh
    }, now)
    for external_id in links:
        if external_id not in listed:
            result.new += 1
        elif not listed[external_id].is_active:
            result.reactivated += 1
        elif external_id in board_updates:
            result.updated += 1
        else:
            result.unchanged += 1
    return result, linked


def supersede(connection: Connection, superseded: dict[int, int], *, session_id: int | None,
              now: datetime) -> None:
    """Board-owned postings whose role a direct posting now stores: every board listing moves to
    the direct posting and the board-owned row is removed."""
    connection.execute(
        update(BoardListing).where(BoardListing.job_position_id == bindparam("old_id"))
        .values(job_position_id=bindparam("new_id")).execution_options(synchronize_session=False),
        [{"old_id": old, "new_id": new} for old, new in superseded.items()],
    )
    deactivate_owned(connection, list(superseded), session_id=session_id, now=now)


def _upsert_listings(connection: Connection, board_id: int,
                     links: dict[str, tuple[int, int | None, str | None]], now: datetime) -> None:
    if not links:
        return
    dialect_insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    statement = dialect_insert(BoardListing)
    statement = statement.on_conflict_do_update(
        index_elements=[BoardListing.board_id, BoardListing.external_id],
        set_={name: getattr(statement.excluded, name)
              for name in ("employer_id", "job_position_id", "url", "is_active", "last_seen_at", "removed_at")},
    )
    connection.execute(statement, [
        {"board_id": board_id, "external_id": external_id, "employer_id": employer_id,
         "job_position_id": position_id, "url": url, "is_active": True, "first_seen_at": now,
         "last_seen_at": now, "removed_at": None}
        for external_id, (employer_id, position_id, url) in links.items()
    ])


# --- the board's view, for the crawl session ----------------------------------------------

def active_listing_count(connection: Connection, board_id: int) -> int:
    return connection.execute(
        select(func.count()).select_from(BoardListing)
        .where(BoardListing.board_id == board_id, BoardListing.is_active.is_(True))
    ).scalar_one()


def active_listings(connection: Connection, board_id: int) -> Iterator[tuple[str, int]]:
    """(board job id, listing id) of the board's active listings."""
    yield from connection.execute(
        select(BoardListing.external_id, BoardListing.id)
        .where(BoardListing.board_id == board_id, BoardListing.is_active.is_(True))
        .execution_options(yield_per=10_000)
    )


def remove_listings(connection: Connection, listing_ids: list[int], *, company_id: int,
                    session_id: int | None, now: datetime, event_type: str = "removed") -> int:
    """Remove listings from the board's view (``company_id`` is the board's); their board-owned
    postings go too, unless another board still lists them. Returns the listings removed."""
    removed = 0
    for start in range(0, len(listing_ids), 5000):
        chunk = listing_ids[start:start + 5000]
        positions = connection.execute(
            update(BoardListing)
            .where(BoardListing.id.in_(chunk), BoardListing.board_id == company_id,
                   BoardListing.is_active.is_(True))
            .values(is_active=False, removed_at=now)
            .returning(BoardListing.job_position_id)
        ).scalars().all()
        removed += len(positions)
        candidates = {position for position in positions if position is not None}
        if not candidates:
            continue
        still_listed = set(connection.execute(
            select(BoardListing.job_position_id)
            .where(BoardListing.job_position_id.in_(candidates), BoardListing.is_active.is_(True))
        ).scalars())
        deactivate_owned(connection, sorted(candidates - still_listed), session_id=session_id, now=now,
                         event_type=event_type)
    return removed


def deactivate_owned(connection: Connection, ids: Sequence[int], *, session_id: int | None, now: datetime,
                     event_type: str = "removed") -> int:
    """Deactivate board-owned postings (of any employers), one event each; direct ones are left."""
    owned = connection.execute(
        select(JobPosition.company_id, JobPosition.id)
        .where(JobPosition.id.in_(list(ids)), JobPosition.board_id.is_not(None), JobPosition.is_active.is_(True))
    ).all()
    by_company: dict[int, list[int]] = {}
    for company_id, position_id in owned:
        by_company.setdefault(company_id, []).append(position_id)
    return sum(deactivate_ids(connection, position_ids, company_id=company_id, session_id=session_id,
                              now=now, event_type=event_type)
               for company_id, position_ids in by_company.items())


# --- the employer's own crawl --------------------------------------------------------------

def adopt_board_postings(connection: Connection, company_id: int, items: list[dict[str, Any]], *,
                         session_id: int | None, now: datetime) -> int:
    """Before a direct crawl's batch is written: board-owned postings of the company that are the
    same roles as items of the batch become those direct postings (external id, no board), so
    the role stays one row. One read when the company has no board-owned posting."""
    owned = connection.execute(
        select(*_MATCH_COLUMNS)
        .where(JobPosition.company_id == company_id, JobPosition.board_id.is_not(None))
    ).all()
    if not owned:
        return 0
    matcher = _Matcher(owned)
    pairs: dict[int, str] = {}
    for item in items:
        if item.get("seen_only"):
            continue
        row = matcher.find(company_id, item)
        if row is not None and row.id not in pairs:
            pairs[row.id] = item["external_id"]
    if not pairs:
        return 0
    taken = dict(connection.execute(
        select(JobPosition.external_id, JobPosition.id)
        .where(JobPosition.company_id == company_id, JobPosition.external_id.in_(list(pairs.values())))
    ).all())
    adopt = [{"position_id": position_id, "direct_id": external_id}
             for position_id, external_id in pairs.items() if external_id not in taken]
    if adopt:
        connection.execute(
            update(JobPosition).where(JobPosition.id == bindparam("position_id"))
            .values(external_id=bindparam("direct_id"), board_id=None)
            .execution_options(synchronize_session=False),
            adopt,
        )
    superseded = {position_id: taken[external_id] for position_id, external_id in pairs.items()
                  if external_id in taken}
    if superseded:
        supersede(connection, superseded, session_id=session_id, now=now)
    return len(pairs)
