"""The database schema, a public surface: users query these tables with SQL.

Schema changes go through Alembic migrations in ``jobscraper/db/migrations``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

class SessionStatus(StrEnum):
    """The status of a crawl. The first five are stored in ``scraping_sessions.status``;
    ``locked`` (another crawl of the company ran) and ``missing`` (no session row was found
    for a crawl that was started) are outcomes a command reports without a row."""

    RUNNING = "running"
    COMPLETED = "completed"
    PARTIAL = "partial"
    FAILED = "failed"
    ABANDONED = "abandoned"
    LOCKED = "locked"
    MISSING = "missing"


SESSION_STATUSES = tuple(SessionStatus)[:5]
EVENT_TYPES = ("created", "updated", "removed", "reactivated", "stale")
# Raised when the rules deriving places, kinds or salary change: a stored posting of an older
# version is rewritten by its next crawl without an "updated" event for facts its source did
# not change.
FACTS_VERSION = 1


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite stores it naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


JSONType = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
Id = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Company(Base):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    platform: Mapped[str] = mapped_column(String(50))
    careers_url: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # Consecutive healthy crawls whose (suspiciously large) removal the guard held back.
    consecutive_held_removals: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    # The VC board (a companies row of platform "getro") on which an employer was first seen.
    discovered_via_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"))
    discovered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class JobPosition(Base):
    __tablename__ = "job_positions"
    __table_args__ = (
        UniqueConstraint("company_id", "external_id"),
        Index("ix_job_positions_first_seen_at", "first_seen_at"),
        Index("ix_job_positions_active_last_seen", "is_active", "last_seen_at"),
        # The few postings known only from a VC board, looked up by every direct crawl's batch.
        Index("ix_job_positions_board_owned", "company_id", postgresql_where=text("board_id IS NOT NULL"),
              sqlite_where=text("board_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(255))
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)
    apply_url: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(Text)
    city: Mapped[str | None] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    department: Mapped[str | None] = mapped_column(Text)
    employment_type: Mapped[str | None] = mapped_column(String(50))
    workplace_type: Mapped[str] = mapped_column(String(20), default="unknown")
    description_html: Mapped[str | None] = mapped_column(Text)
    description_text: Mapped[str | None] = mapped_column(Text)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source_updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    content_hash: Mapped[str] = mapped_column(String(64))
    listing_fingerprint: Mapped[str | None] = mapped_column(String(64))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extra_metadata: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    # Set while the posting is known only from a VC board (no direct source lists it yet).
    board_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"))
    # The primary place's district (Israel), state or province, or world region.
    region: Mapped[str | None] = mapped_column(String(200))
    # Every place of the posting: [{"city", "region", "country", "remote"}], primary first.
    places: Mapped[list[dict[str, Any]] | None] = mapped_column(JSONType)
    salary_min: Mapped[float | None] = mapped_column(Float)
    salary_max: Mapped[float | None] = mapped_column(Float)
    salary_currency: Mapped[str | None] = mapped_column(String(3))
    salary_period: Mapped[str | None] = mapped_column(String(10))
    # The version of the place/kind/salary rules the stored facts were derived with (FACTS_VERSION).
    facts_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Lifecycle facts (jobscraper.db.lifecycle): the removed posting this one reposts, and the
    # id of the first posting of the role when one role is posted in several cities.
    reposted_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("job_positions.id", ondelete="SET NULL"))
    requisition_id: Mapped[int | None] = mapped_column(Id, index=True)



class BoardListing(Base):
    """A job as one VC board lists it, linked to the posting that stores the role: the
    employer's direct posting when its own ATS lists the role, else a board-owned posting."""

    __tablename__ = "board_listings"
    __table_args__ = (
        UniqueConstraint("board_id", "external_id"),
        Index("ix_board_listings_job_position_id", "job_position_id"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    board_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(255))
    employer_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    job_position_id: Mapped[int | None] = mapped_column(ForeignKey("job_positions.id", ondelete="SET NULL"))
    url: Mapped[str | None] = mapped_column(Text)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ScrapingSession(Base):
    __tablename__ = "scraping_sessions"
    __table_args__ = (Index("ix_scraping_sessions_company_started", "company_id", "started_at"),
                      Index("ix_scraping_sessions_finished", "finished_at"))

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    spider: Mapped[str] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="running")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finish_reason: Mapped[str | None] = mapped_column(String(100))
    requests: Mapped[int] = mapped_column(Integer, default=0)
    items_seen: Mapped[int] = mapped_column(Integer, default=0)
    jobs_new: Mapped[int] = mapped_column(Integer, default=0)
    jobs_updated: Mapped[int] = mapped_column(Integer, default=0)
    jobs_unchanged: Mapped[int] = mapped_column(Integer, default=0)
    jobs_reactivated: Mapped[int] = mapped_column(Integer, default=0)
    jobs_removed: Mapped[int] = mapped_column(Integer, default=0)
    items_invalid: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    removals_skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    removals_skipped_reason: Mapped[str | None] = mapped_column(Text)
    hostname: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)
    stats: Mapped[dict[str, Any] | None] = mapped_column(JSONType)


class JobEvent(Base):
    __tablename__ = "job_events"
    __table_args__ = (Index("ix_job_events_position_created", "job_position_id", "created_at"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    job_position_id: Mapped[int] = mapped_column(
        ForeignKey("job_positions.id", ondelete="CASCADE")
    )
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("scraping_sessions.id", ondelete="SET NULL"), index=True
    )
    event_type: Mapped[str] = mapped_column(String(20))
    changed_fields: Mapped[list[str] | None] = mapped_column(JSONType)
    # "updated": {field: [old, new]} of the short fields; "created": {"reposted_from": id}.
    details: Mapped[dict[str, Any] | None] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


ALERT_FREQUENCIES = ("immediate", "daily", "weekly")
# Besides these, each notification URL of an alert is a channel of its own ("notify:<key>").
ALERT_CHANNELS = ("email", "webhook", "atom")
DELIVERY_KINDS = ("new", "removed")
# What a subscriber watching changes hears of a posting already sent to them.
CHANGE_KINDS = ("changed", "removed", "reopened", "reposted")
DELIVERY_STATUSES = ("pending", "sent", "failed")


class Alert(Base):
    """A saved search; ``criteria`` holds the ``jobscraper.alerts.criteria.Criteria`` fields."""

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    criteria: Mapped[dict[str, Any]] = mapped_column(JSONType)
    email_to: Mapped[list[str] | None] = mapped_column(JSONType)
    webhook_url: Mapped[str | None] = mapped_column(Text)
    atom: Mapped[bool] = mapped_column(Boolean, default=False)
    frequency: Mapped[str] = mapped_column(String(20), default="immediate")
    notify_removed: Mapped[bool] = mapped_column(Boolean, default=False)
    # apprise URLs (tgram://, discord://, mailto://, json:// ...), each a channel of its own.
    notify_urls: Mapped[list[str] | None] = mapped_column(JSONType)
    # Also tell when a posting already sent changes title, location or work mode, is removed,
    # reopened or reposted.
    watch_changes: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)


class AlertDelivery(Base):
    """The delivery ledger: one row per (alert, posting, channel, kind), sent exactly once."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (
        UniqueConstraint("alert_id", "job_position_id", "channel", "kind"),
        Index("ix_alert_deliveries_status_alert", "status", "alert_id"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    job_position_id: Mapped[int] = mapped_column(
        ForeignKey("job_positions.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10), default="new")
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AlertChangeDelivery(Base):
    """The change ledger of alerts watching changes: one row per (alert, posting event, channel),
    sent exactly once."""

    __tablename__ = "alert_change_deliveries"
    __table_args__ = (
        UniqueConstraint("alert_id", "job_event_id", "channel"),
        Index("ix_alert_change_deliveries_status_alert", "status", "alert_id"),
    )

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    job_event_id: Mapped[int] = mapped_column(ForeignKey("job_events.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class HealthNotice(Base):
    """A health finding the operator channels were told about: sent once, worsening sent again,
    an all-clear sent when it resolves (then the row goes)."""

    __tablename__ = "health_notices"
    __table_args__ = (UniqueConstraint("company", "kind", name="uq_health_notices_company_kind"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True)
    company: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(50))
    severity: Mapped[str] = mapped_column(String(20))
    evidence: Mapped[str] = mapped_column(Text)
    since: Mapped[datetime] = mapped_column(UTCDateTime)
    notified_severity: Mapped[str | None] = mapped_column(String(20))
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
