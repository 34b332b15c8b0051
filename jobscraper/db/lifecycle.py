"""Lifecycle facts derived from the postings and their events, once per crawl, in bulk.

- **Reposts**: a posting first seen in this crawl whose normalised title, department and place
  match a posting of the same company removed in the last ``REPOST_WINDOW`` is linked to it
  (``reposted_from_id``), and its ``created`` event says so (``details.reposted_from``).
- **Requisitions**: postings of one company with the same normalised title, department and
  description, first seen within a day of each other under different ids, are one role in
  several cities: each gets ``requisition_id`` = the smallest id of the group.
- **Age** is read, not stored: days open since ``first_seen_at``, "posted earlier" when the
  platform's date is ``POSTED_EARLIER`` older than our first sight, "long open" past
  ``LONG_OPEN`` (``age_flags``).

``derive`` costs a few reads and at most three bulk updates per crawl, whatever the board's size.
The large reads are streamed (``STREAMED``): a description is hashed as it arrives and only the
hash kept, so a 500,000-posting crawl neither holds its descriptions nor holds the GIL (and the
reactor with it) while a driver builds half a million rows at once. Requisition grouping first
finds the titles more than one posting has, holding a digest per title, and then holds only the
postings with those titles.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, bindparam, select, update
from sqlalchemy.exc import SQLAlchemyError

from jobscraper.db.models import Company, JobEvent, JobPosition, ScrapingSession
from jobscraper.seen import SeenIds

logger = logging.getLogger(__name__)

REPOST_WINDOW = timedelta(days=30)
REQUISITION_WINDOW = timedelta(days=1)
POSTED_EARLIER = timedelta(days=14)
LONG_OPEN = timedelta(days=120)
STREAMED = {"stream_results": True, "yield_per": 2000}

_SPACES = re.compile(r"\s+")


def normalised_title(title: str | None) -> str:
    return _SPACES.sub(" ", (title or "").casefold()).strip()


def description_hash(text: str | None) -> bytes:
    return hashlib.blake2b(_SPACES.sub(" ", text or "").strip().encode("utf-8"), digest_size=16).digest()


@dataclass
class Derived:
    reposts: int = 0
    requisitions: int = 0


def derive(connection: Connection, *, company_id: int, since: datetime, now: datetime) -> Derived:
    """Link the postings first seen since ``since`` to the ones they repost and to their
    requisition siblings."""
    result = Derived()
    if connection.execute(select(JobPosition.id).where(JobPosition.company_id == company_id,
                                                       JobPosition.first_seen_at >= since).limit(1)).first() is None:
        return result
    result.reposts = _link_reposts(connection, company_id, since, now)
    result.requisitions = _group_requisitions(connection, company_id, since)
    return result


def derive_after_crawl(engine: Engine, *, company_id: int, since: datetime, now: datetime) -> Derived | None:
    """``derive`` in its own transaction once a crawl's session is written: derived facts never
    cost a crawl its removals or its session row (a database failure here is logged, and that
    crawl's new postings stay unlinked)."""
    try:
        with engine.begin() as connection:
            return derive(connection, company_id=company_id, since=since, now=now)
    except SQLAlchemyError as exc:
        logger.warning("lifecycle facts (reposts, requisitions) not derived: %s", str(exc).splitlines()[0])
        return None


def _repost_key(row: Any) -> tuple[str, str, str, str]:
    return (normalised_title(row.title), normalised_title(row.department), (row.city or "").casefold(),
            (row.country or "").upper())


def _link_reposts(connection: Connection, company_id: int, since: datetime, now: datetime) -> int:
    removed = connection.execute(
        select(JobPosition.id, JobPosition.title, JobPosition.department, JobPosition.city,
               JobPosition.country, JobPosition.removed_at)
        .where(JobPosition.company_id == company_id, JobPosition.is_active.is_(False),
               JobPosition.removed_at >= now - REPOST_WINDOW, JobPosition.first_seen_at < since)
        .order_by(JobPosition.removed_at.desc(), JobPosition.id.desc())
    ).all()
    if not removed:
        return 0
    latest: dict[tuple[str, str, str, str], int] = {}
    for row in removed:
        latest.setdefault(_repost_key(row), row.id)
    new = connection.execute(
        select(JobPosition.id, JobPosition.title, JobPosition.department, JobPosition.city, JobPosition.country)
        .where(JobPosition.company_id == company_id, JobPosition.first_seen_at >= since,
               JobPosition.reposted_from_id.is_(None)).execution_options(**STREAMED))
    links = [{"position_id": row.id, "reposted_from": latest[_repost_key(row)]}
             for row in new if _repost_key(row) in latest]
    if not links:
        return 0
    connection.execute(
        update(JobPosition).where(JobPosition.id == bindparam("position_id"))
        .values(reposted_from_id=bindparam("reposted_from")).execution_options(synchronize_session=False),
        links,
    )
    connection.execute(
        update(JobEvent).where(JobEvent.job_position_id == bindparam("position_id"),
                               JobEvent.event_type == "created")
        .values(details=bindparam("event_details"))
        .execution_options(synchronize_session=False),
        [{**link, "event_details": {"reposted_from": link["reposted_from"]}} for link in links],
    )
    return len(links)


class _Member(NamedTuple):
    """A posting as requisition grouping needs it: a plain tuple, not a driver row (500,000 of
    them are held at once)."""
    id: int
    first_seen_at: datetime
    requisition_id: int | None


def _title_key(row: Any) -> tuple[str, str]:
    return normalised_title(row.title), normalised_title(row.department)


def _title_text(key: tuple[str, str]) -> str:
    """A title key as the one string a ``SeenIds`` digests."""
    return "\x1f".join(key)


def _shared_title_keys(connection: Connection, window: tuple[Any, ...]) -> SeenIds:
    """The (title, department) keys that more than one posting of the window has, as digests.
    Only a digest per key is held, not the postings: a first crawl of 500,000 postings, nearly
    all with titles of their own, kept every one of them in memory to find a few shared titles,
    and a ``set`` of their hashes still took 35 MB (a ``SeenIds`` takes 8). A digest two keys
    share only lets a few more postings into the exact grouping."""
    once, shared = SeenIds(), SeenIds()
    for row in connection.execute(select(JobPosition.title, JobPosition.department).where(*window)
                                  .execution_options(**STREAMED)):
        key = _title_text(_title_key(row))
        if not once.add(key):
            shared.add(key)
    return shared


def _group_requisitions(connection: Connection, company_id: int, since: datetime) -> int:
    window = (JobPosition.company_id == company_id, JobPosition.first_seen_at >= since - REQUISITION_WINDOW)
    shared_keys = _shared_title_keys(connection, window)
    if not shared_keys:
        return 0
    rows = connection.execute(
        select(JobPosition.id, JobPosition.title, JobPosition.department,
               JobPosition.first_seen_at, JobPosition.requisition_id)
        .where(*window).order_by(JobPosition.id).execution_options(**STREAMED)
    )
    by_title: dict[tuple[str, str], list[_Member]] = defaultdict(list)
    titles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        key = _title_key(row)
        if _title_text(key) not in shared_keys:
            continue
        by_title[key].append(_Member(row.id, row.first_seen_at, row.requisition_id))
        if row.title is not None:
            titles[key].add(row.title)
    # Only postings that share a title and department can be one requisition: their descriptions
    # are read and compared, not every new posting's.
    shared = [key for key, members in by_title.items() if len(members) > 1]
    hashes = _description_hashes(connection, company_id, since, {m.id for key in shared for m in by_title[key]},
                                 {title for key in shared for title in titles[key]})
    groups: dict[tuple[tuple[str, str], bytes], list[_Member]] = defaultdict(list)
    for key in shared:
        for member in by_title.pop(key):
            groups[(key, hashes[member.id])].append(member)
    changes = []
    for members in groups.values():
        for cluster in _within_a_day(members):
            if len(cluster) < 2 or all(row.first_seen_at < since for row in cluster):
                continue
            first = min(row.id for row in cluster)
            changes += [{"position_id": row.id, "requisition": first}
                        for row in cluster if row.requisition_id != first]
    if changes:
        connection.execute(
            update(JobPosition).where(JobPosition.id == bindparam("position_id"))
            .values(requisition_id=bindparam("requisition")).execution_options(synchronize_session=False),
            changes,
        )
    return len(changes)


def _within_a_day(rows: list[Any]) -> Iterable[list[Any]]:
    """Runs of rows each first seen within ``REQUISITION_WINDOW`` of the run's first."""
    ordered = sorted(rows, key=lambda row: row.first_seen_at)
    cluster: list[Any] = []
    for row in ordered:
        if cluster and row.first_seen_at - cluster[0].first_seen_at > REQUISITION_WINDOW:
            yield cluster
            cluster = []
        cluster.append(row)
    if cluster:
        yield cluster


def age_flags(first_seen_at: datetime | None, posted_at: datetime | None, now: datetime,
              is_active: bool = True) -> list[str]:
    """"posted earlier" and "long open", as ``newjobs``, alerts and ``scrapy posting`` show them."""
    flags = []
    if first_seen_at and posted_at and first_seen_at - posted_at > POSTED_EARLIER:
        flags.append("posted earlier")
    opened = posted_at if posted_at and first_seen_at and posted_at < first_seen_at else first_seen_at
    if is_active and opened and now - opened > LONG_OPEN:
        flags.append("long open")
    return flags


def days_open(first_seen_at: datetime | None, now: datetime) -> int | None:
    return (now - first_seen_at).days if first_seen_at else None


# --- reading one posting's story (scrapy posting ID) -------------------------------------------

def requisition_siblings(connection: Connection, position_ids: list[int]) -> dict[int, list[Any]]:
    """The other postings of each posting's requisition: position id -> rows (id, city, country,
    is_active)."""
    if not position_ids:
        return {}
    own = connection.execute(
        select(JobPosition.id, JobPosition.requisition_id)
        .where(JobPosition.id.in_(position_ids), JobPosition.requisition_id.is_not(None))
    ).all()
    requisitions = {row.id: row.requisition_id for row in own}
    if not requisitions:
        return {}
    members = connection.execute(
        select(JobPosition.id, JobPosition.requisition_id, JobPosition.external_id, JobPosition.city,
               JobPosition.country, JobPosition.is_active)
        .where(JobPosition.requisition_id.in_(set(requisitions.values())))
        .order_by(JobPosition.id)
    ).all()
    by_requisition: dict[int, list[Any]] = defaultdict(list)
    for member in members:
        by_requisition[member.requisition_id].append(member)
    return {position_id: [m for m in by_requisition[requisition] if m.id != position_id]
            for position_id, requisition in requisitions.items()}


def reposts_of(connection: Connection, position_id: int) -> tuple[list[Any], list[Any]]:
    """The chain of postings this one reposts (nearest first), and the postings reposting it."""
    earlier: list[Any] = []
    current = connection.execute(select(JobPosition.reposted_from_id).where(JobPosition.id == position_id)).scalar()
    seen = {position_id}
    while current is not None and current not in seen:
        seen.add(current)
        row = connection.execute(
            select(JobPosition.id, JobPosition.external_id, JobPosition.first_seen_at, JobPosition.removed_at,
                   JobPosition.reposted_from_id).where(JobPosition.id == current)
        ).first()
        if row is None:
            break
        earlier.append(row)
        current = row.reposted_from_id
    later = connection.execute(
        select(JobPosition.id, JobPosition.external_id, JobPosition.first_seen_at, JobPosition.removed_at)
        .where(JobPosition.reposted_from_id == position_id)
    ).all()
    return earlier, list(later)


def find_posting(connection: Connection, reference: str) -> Any | None:
    """A posting by our id ("123") or by company and the source's id ("wiz/4567")."""
    columns = [JobPosition.__table__, Company.slug, Company.name.label("company_name")]
    statement = select(*columns).join(Company, Company.id == JobPosition.company_id)
    if reference.isdigit():
        return connection.execute(statement.where(JobPosition.id == int(reference))).first()
    slug, _, external_id = reference.partition("/")
    if not external_id:
        return None
    return connection.execute(statement.where(Company.slug == slug, JobPosition.external_id == external_id)).first()


def history(connection: Connection, position_id: int) -> list[Any]:
    """The posting's events, oldest first, each with its crawl session's status and start."""
    return connection.execute(
        select(JobEvent.id, JobEvent.event_type, JobEvent.changed_fields, JobEvent.details, JobEvent.created_at,
               JobEvent.session_id, ScrapingSession.status.label("session_status"),
               ScrapingSession.started_at.label("session_started_at"))
        .outerjoin(ScrapingSession, ScrapingSession.id == JobEvent.session_id)
        .where(JobEvent.job_position_id == position_id)
        .order_by(JobEvent.created_at, JobEvent.id)
    ).all()


def _description_hashes(connection: Connection, company_id: int, since: datetime,
                        wanted: set[int], titles: set[str]) -> dict[int, bytes]:
    """``description_hash`` of each posting of ``wanted``, in one streamed statement whatever
    their number (asked by title, which the postings of one requisition share)."""
    hashes = dict.fromkeys(wanted, description_hash(None))
    found = connection.execute(
        select(JobPosition.id, JobPosition.description_text)
        .where(JobPosition.company_id == company_id, JobPosition.first_seen_at >= since - REQUISITION_WINDOW,
               JobPosition.title.in_(sorted(titles)))
        .execution_options(**STREAMED)
    )
    for position_id, text in found:
        if position_id in wanted:
            hashes[position_id] = description_hash(text)
    return hashes