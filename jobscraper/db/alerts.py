"""Saved alerts and their two delivery ledgers: the statements ``jobscraper.alerts`` runs.

The ledger (one row per alert, posting, channel and kind) and the change ledger (one per alert,
posting event and channel) make delivery exactly-once: a row is inserted once, ``pending``,
whatever the number of runs that find it, and turns ``sent`` or ``failed`` as its channel
answers. Callers own the connection and its transaction (``jobscraper.alerts.delivery``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Insert, Row, RowMapping, Table, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from jobscraper.db.models import Alert, AlertChangeDelivery, AlertDelivery, Company, JobEvent, JobPosition

INSERT_CHUNK = 500
ALERTS = Alert.__table__
LEDGER = AlertDelivery.__table__
CHANGES = AlertChangeDelivery.__table__
POSITIONS = JobPosition.__table__
UNDELIVERED = ("pending", "failed")

# Named as the fields of ``jobscraper.alerts.matching.Posting``.
POSTING_COLUMNS = (
    JobPosition.id, Company.slug.label("company_slug"), Company.name.label("company_name"),
    JobPosition.title, JobPosition.url, JobPosition.location, JobPosition.city, JobPosition.country,
    JobPosition.department, JobPosition.employment_type, JobPosition.workplace_type,
    JobPosition.description_text, JobPosition.posted_at, JobPosition.first_seen_at, JobPosition.is_active,
    JobPosition.region, JobPosition.places, JobPosition.reposted_from_id, JobPosition.requisition_id,
)
POSTING_FIELDS = tuple(column.key for column in POSTING_COLUMNS)


# -- the alerts ---------------------------------------------------------------------------------

def get_alert(session: Session, name: str) -> Alert | None:
    return session.scalar(select(Alert).where(Alert.name == name))


def all_alerts(session: Session) -> list[Alert]:
    return list(session.scalars(select(Alert).order_by(Alert.name)))


def delete_with_ledgers(session: Session, alert: Alert) -> None:
    session.execute(delete(AlertDelivery).where(AlertDelivery.alert_id == alert.id))
    session.execute(delete(AlertChangeDelivery).where(AlertChangeDelivery.alert_id == alert.id))
    session.delete(alert)


def ledger_counts(session: Session, alert_id: int) -> tuple[dict[str, int], dict[str, int]]:
    """An alert's deliveries and told changes, each counted by status."""
    def by_status(table: Table) -> dict[str, int]:
        statement = select(table.c.status, func.count().label("n")) \
            .where(table.c.alert_id == alert_id).group_by(table.c.status)
        return {row.status: row.n for row in session.execute(statement)}
    return by_status(LEDGER), by_status(CHANGES)


def flagged_alerts(connection: Connection) -> list[str]:
    """Names of alerts whose deliveries failed too many runs in a row (for ``scrapy doctor``)."""
    return list(connection.execute(
        select(Alert.name).where(Alert.flagged_at.is_not(None)).order_by(Alert.name)
    ).scalars())


def enabled_alerts(connection: Connection, names: Iterable[str] | None = None) -> list[Row[Any]]:
    """The enabled alerts' rows by name, only those named when ``names`` is given."""
    statement = select(ALERTS).where(ALERTS.c.enabled.is_(True)).order_by(ALERTS.c.name)
    if names is not None:
        statement = statement.where(ALERTS.c.name.in_(sorted(names)))
    return list(connection.execute(statement))


def set_last_run(connection: Connection, alert_ids: Sequence[int], at: datetime) -> None:
    connection.execute(update(ALERTS).where(ALERTS.c.id.in_(list(alert_ids))).values(last_run_at=at))


def set_alert_health(connection: Connection, alert_id: int, **values: Any) -> None:
    """Set the alert's failure count, flag and last error."""
    connection.execute(update(ALERTS).where(ALERTS.c.id == alert_id).values(**values))


# -- recording: what is new to the ledgers ------------------------------------------------------

def active_postings_since(connection: Connection, since: datetime) -> list[RowMapping]:
    """The active postings first seen since ``since``, in ``POSTING_FIELDS``, by id."""
    return list(connection.execute(
        select(*POSTING_COLUMNS).join(Company, Company.id == JobPosition.company_id)
        .where(JobPosition.is_active.is_(True), JobPosition.first_seen_at >= since)
        .order_by(JobPosition.id)
    ).mappings())


def sent_postings_now_inactive(connection: Connection, alert_ids: Sequence[int]) -> list[RowMapping]:
    """(alert_id, job_position_id, channel) of the postings sent as new to these alerts that are
    no longer active."""
    return list(connection.execute(
        select(LEDGER.c.alert_id, LEDGER.c.job_position_id, LEDGER.c.channel)
        .join(POSITIONS, JobPosition.id == LEDGER.c.job_position_id)
        .where(LEDGER.c.alert_id.in_(list(alert_ids)), LEDGER.c.kind == "new",
               LEDGER.c.status == "sent", JobPosition.is_active.is_(False))
    ).mappings())


def events_since_sent(connection: Connection, alert_ids: Sequence[int], since: datetime) -> list[RowMapping]:
    """(alert_id, channel, job_event_id, event_type, changed_fields) of each event, after it was
    sent as new to one of these alerts on that channel and since ``since``, of a posting: its own
    updates, removals and reopenings (one query), and the "created" event of a repost (another)."""
    sent = (LEDGER.c.alert_id.in_(list(alert_ids)), LEDGER.c.kind == "new", LEDGER.c.status == "sent",
            JobEvent.created_at > LEDGER.c.sent_at, JobEvent.created_at >= since)
    columns = (LEDGER.c.alert_id, LEDGER.c.channel, JobEvent.id.label("job_event_id"), JobEvent.event_type,
               JobEvent.changed_fields)
    own_events = connection.execute(
        select(*columns).join(JobEvent, JobEvent.job_position_id == LEDGER.c.job_position_id)
        .where(*sent, JobEvent.event_type.in_(("updated", "removed", "stale", "reactivated")))
    ).mappings().all()
    reposts = connection.execute(
        select(*columns)
        .join(POSITIONS, JobPosition.reposted_from_id == LEDGER.c.job_position_id)
        .join(JobEvent, JobEvent.job_position_id == JobPosition.id)
        .where(*sent, JobEvent.event_type == "created", JobPosition.first_seen_at >= since)
    ).mappings().all()
    return [*own_events, *reposts]


def insert_deliveries(connection: Connection, rows: list[dict[str, Any]]) -> int:
    """Insert ledger rows in bulk, skipping the (alert, posting, channel, kind) already there;
    the number inserted."""
    return _insert_missing(connection, LEDGER, rows, ["alert_id", "job_position_id", "channel", "kind"])


def insert_change_deliveries(connection: Connection, rows: list[dict[str, Any]]) -> int:
    """Insert change-ledger rows in bulk, skipping the (alert, event, channel) already there;
    the number inserted."""
    return _insert_missing(connection, CHANGES, rows, ["alert_id", "job_event_id", "channel"])


def _insert_missing(connection: Connection, table: Table, rows: list[dict[str, Any]], keys: list[str]) -> int:
    dialect_insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
    inserted = 0
    for start in range(0, len(rows), INSERT_CHUNK):
        statement: Insert = dialect_insert(table).values(rows[start:start + INSERT_CHUNK])
        statement = statement.on_conflict_do_nothing(index_elements=keys).returning(table.c.id)
        inserted += len(connection.execute(statement).all())
    return inserted


# -- delivering: what the ledgers hold ----------------------------------------------------------

def pending_deliveries(connection: Connection, alert_ids: Sequence[int]) -> list[RowMapping]:
    """(ledger_id, alert_id, channel, kind, ``POSTING_FIELDS``) of these alerts' ledger rows
    pending or failed, oldest first."""
    return list(connection.execute(
        select(LEDGER.c.id.label("ledger_id"), LEDGER.c.alert_id, LEDGER.c.channel, LEDGER.c.kind,
               *POSTING_COLUMNS)
        .join(POSITIONS, JobPosition.id == LEDGER.c.job_position_id)
        .join(Company, Company.id == JobPosition.company_id)
        .where(LEDGER.c.status.in_(UNDELIVERED), LEDGER.c.alert_id.in_(list(alert_ids)))
        .order_by(LEDGER.c.id)
    ).mappings())


def pending_changes(connection: Connection, alert_ids: Sequence[int]) -> list[RowMapping]:
    """(ledger_id, alert_id, channel, event_type, details, created_at of the event,
    ``POSTING_FIELDS``) of these alerts' change-ledger rows pending or failed, oldest first."""
    return list(connection.execute(
        select(CHANGES.c.id.label("ledger_id"), CHANGES.c.alert_id, CHANGES.c.channel, JobEvent.event_type,
               JobEvent.details, JobEvent.created_at, *POSTING_COLUMNS)
        .join(JobEvent, JobEvent.id == CHANGES.c.job_event_id)
        .join(POSITIONS, JobPosition.id == JobEvent.job_position_id)
        .join(Company, Company.id == JobPosition.company_id)
        .where(CHANGES.c.status.in_(UNDELIVERED), CHANGES.c.alert_id.in_(list(alert_ids)))
        .order_by(CHANGES.c.id)
    ).mappings())


def sent_on_feed(connection: Connection, alert_id: int, limit: int = 200) -> list[RowMapping]:
    """(kind, sent_at, ``POSTING_FIELDS``) of the latest ``limit`` postings sent on the alert's
    Atom feed, newest first."""
    return list(connection.execute(
        select(LEDGER.c.kind, LEDGER.c.sent_at, *POSTING_COLUMNS)
        .join(POSITIONS, JobPosition.id == LEDGER.c.job_position_id)
        .join(Company, Company.id == JobPosition.company_id)
        .where(LEDGER.c.alert_id == alert_id, LEDGER.c.channel == "atom", LEDGER.c.status == "sent")
        .order_by(LEDGER.c.sent_at.desc(), LEDGER.c.id.desc()).limit(limit)
    ).mappings())


def mark_deliveries(connection: Connection, ids: list[int], **values: Any) -> None:
    """Set ``values`` on these ledger rows and count one more attempt."""
    _mark(connection, LEDGER, ids, values)


def mark_change_deliveries(connection: Connection, ids: list[int], **values: Any) -> None:
    """Set ``values`` on these change-ledger rows and count one more attempt."""
    _mark(connection, CHANGES, ids, values)


def _mark(connection: Connection, table: Table, ids: list[int], values: dict[str, Any]) -> None:
    for start in range(0, len(ids), INSERT_CHUNK):
        connection.execute(update(table).where(table.c.id.in_(ids[start:start + INSERT_CHUNK]))
                           .values(attempts=table.c.attempts + 1, **values))
