"""``send_due_alerts``: match new postings to the due alerts and deliver them, each exactly once.

A run has two steps.

1. Record (one transaction): the active postings first seen since the earliest window of the
   due alerts are read once, matched in Python, and every (alert, posting, channel) match is
   inserted into the ledger as ``pending`` in bulk (a duplicate is ignored by the unique key);
   removal notices are recorded the same way; for alerts watching changes, every event since
   of a posting already sent on a channel (a title, location or work-mode change, a removal, a
   reopening, a repost) goes into the change ledger, keyed by (alert, event, channel), read in
   two queries for all of them; the alerts' ``last_run_at`` moves on. A window reaches
   ``OVERLAP`` back past the previous run, so a crawl batch that committed while the previous
   run read is still seen; the ledger keeps that from sending anything twice.
2. Deliver: every ``pending`` or ``failed`` row of both ledgers of an enabled alert, grouped per
   alert and channel into one digest, each new posting with why it matched; the rows turn
   ``sent`` only after the channel accepted it, and ``failed`` (retried next run) otherwise.
   After ``max_failures`` runs in a row with a failed delivery the alert is flagged; a run with
   deliveries and no failure clears it.

Only a process killed between a channel accepting a digest and the ledger update that follows
can repeat that one digest on the next run; nothing else sends twice, and nothing is dropped.
Runs are serialised by a lock (an advisory lock on PostgreSQL, a file lock beside SQLite).
The statements are in ``jobscraper.db.alerts``; this module holds the matching, the digests, the
channels, and the transactions the statements run in.
"""

from __future__ import annotations

import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from jobscraper.alerts.criteria import Criteria
from jobscraper.alerts.digest import WATCHED_FIELDS, Change, Digest
from jobscraper.alerts.errors import AlertsBusy, DeliveryError, InvalidAlert
from jobscraper.alerts.feed import FeedEntry, feed_path, feeds_dir, write_feed
from jobscraper.alerts.mail import SmtpSettings, send_digest
from jobscraper.alerts.matching import Posting, matches, why_matched
from jobscraper.alerts.notify import NOTIFY_PREFIX, channel_key, masked_url, send_notification
from jobscraper.alerts.webhook import post_digest
from jobscraper.db.alerts import (
    POSTING_FIELDS,
    active_postings_since,
    enabled_alerts,
    events_since_sent,
    insert_change_deliveries,
    insert_deliveries,
    mark_change_deliveries,
    mark_deliveries,
    pending_changes,
    pending_deliveries,
    sent_on_feed,
    sent_postings_now_inactive,
    set_alert_health,
    set_last_run,
)
from jobscraper.db.locks import CrawlLock, CrawlLocked
from jobscraper.db.models import utc_now

logger = logging.getLogger(__name__)


def first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:300] if lines else type(exc).__name__

OVERLAP = timedelta(hours=6)
# A digest is due this long after the previous run; an hour's slack absorbs cron jitter.
DUE_AFTER = {"immediate": timedelta(0), "daily": timedelta(hours=23),
             "weekly": timedelta(days=7) - timedelta(hours=1)}
DEFAULT_MAX_FAILURES = 3
# The posting events a subscriber watching changes hears of, by the change they are.
CHANGE_OF_EVENT = {"updated": "changed", "removed": "removed", "stale": "removed",
                   "reactivated": "reopened", "created": "reposted"}
# Channels that carry no change notices (a feed lists postings, not their changes).
CHANGE_CHANNELS_EXCLUDED = ("atom",)


@dataclass
class SendSummary:
    due: list[str] = field(default_factory=list)
    recorded: int = 0
    sent: int = 0
    failed: int = 0
    messages: int = 0
    errors: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def __str__(self) -> str:
        text = (f"{len(self.due)} alert(s) due, {self.recorded} match(es) recorded, "
                f"{self.sent} delivered in {self.messages} message(s), {self.failed} failed")
        if self.flagged:
            text += f"; flagged: {', '.join(self.flagged)}"
        return text


def posting_from_row(row: Mapping[str, Any]) -> Posting:
    return Posting(**{name: row[name] for name in POSTING_FIELDS})


def active_since(connection: Connection, since: datetime) -> list[Posting]:
    return [posting_from_row(row) for row in active_postings_since(connection, since)]


def channels_of(alert: Any) -> list[str]:
    """The alert's channels as the ledger names them: email, webhook, atom, and ``notify:<key>``
    for each notification URL."""
    return [name for name, on in (("email", alert.email_to), ("webhook", alert.webhook_url),
                                  ("atom", alert.atom)) if on] + list(notify_urls(alert))


def notify_urls(alert: Any) -> dict[str, str]:
    """The alert's notification URLs by their ledger channel name."""
    return {channel_key(url): url for url in alert.notify_urls or []}


def channel_label(alert: Any, channel: str) -> str:
    """The channel as a message names it: a notification URL masked."""
    url = notify_urls(alert).get(channel) if channel.startswith(NOTIFY_PREFIX) else None
    return masked_url(url) if url else channel


def is_due(alert: Any, now: datetime) -> bool:
    if alert.last_run_at is None:
        return True
    return now - alert.last_run_at >= DUE_AFTER.get(alert.frequency, timedelta(0))


def window_start(alert: Any) -> datetime:
    if alert.last_run_at is None:
        return alert.created_at
    return max(alert.created_at, alert.last_run_at - OVERLAP)


def send_due_alerts(engine: Engine, *, now: datetime | None = None,
                    names: Iterable[str] | None = None, force: bool = False,
                    smtp: SmtpSettings | None = None, feeds: Path | None = None,
                    max_failures: int | None = None, webhook_timeout: float = 15.0) -> SendSummary:
    """Match and deliver what is due; safe to run after every crawl and from cron.

    ``names`` limits the run to those alerts; ``force`` treats them as due whatever their
    frequency. Raises ``AlertsBusy`` when another run holds the lock.
    """
    now = now or utc_now()
    lock = CrawlLock(engine, "alerts:send")
    try:
        lock.acquire()
    except CrawlLocked:
        raise AlertsBusy("another `scrapy alerts send` is running") from None
    try:
        run = _Run(engine, now, smtp, feeds or feeds_dir(), webhook_timeout,
                   max_failures or int(os.environ.get("JOBSCRAPER_ALERT_MAX_FAILURES") or
                                       DEFAULT_MAX_FAILURES))
        alerts = run.load_alerts(set(names) if names is not None else None)
        due = [alert for alert in alerts if force or is_due(alert, now)]
        run.record(due)
        run.deliver(alerts)
        return run.summary
    finally:
        lock.release()


class _Run:
    def __init__(self, engine: Engine, now: datetime, smtp: SmtpSettings | None, feeds: Path,
                 webhook_timeout: float, max_failures: int) -> None:
        self.engine = engine
        self.now = now
        self.smtp = smtp
        self.feeds = feeds
        self.webhook_timeout = webhook_timeout
        self.max_failures = max_failures
        self.summary = SendSummary()

    def load_alerts(self, names: set[str] | None) -> list[Any]:
        with self.engine.connect() as connection:
            return enabled_alerts(connection, names)

    # -- step 1: record matches in the ledger ------------------------------------------------

    def record(self, due: list[Any]) -> None:
        self.summary.due = [alert.name for alert in due]
        if not due:
            return
        with self.engine.begin() as connection:
            rows = self._matches(connection, due) + self._removals(connection, due)
            self.summary.recorded = insert_deliveries(connection, rows)
            self.summary.recorded += insert_change_deliveries(connection, self._changes(connection, due))
            set_last_run(connection, [alert.id for alert in due], self.now)

    def _matches(self, connection: Connection, due: list[Any]) -> list[dict[str, Any]]:
        starts = {alert.id: window_start(alert) for alert in due if channels_of(alert)}
        if not starts:
            return []
        candidates = active_since(connection, min(starts.values()))
        rows: list[dict[str, Any]] = []
        for alert in due:
            if alert.id not in starts:
                continue
            try:
                criteria = Criteria.from_dict(alert.criteria)
                found = [posting for posting in candidates
                         if posting.first_seen_at >= starts[alert.id] and matches(criteria, posting, self.now)]
            except (InvalidAlert, TypeError) as exc:
                self.summary.errors.append(f"{alert.name}: {exc}")
                continue
            except Exception as exc:  # one alert's bad criteria never stop the others' matching
                logger.exception("alert %s: matching failed", alert.name)
                self.summary.errors.append(f"{alert.name}: {type(exc).__name__}: {first_line(exc)}")
                continue
            rows += [self._ledger_row(alert.id, posting.id, channel, "new")
                     for posting in found for channel in channels_of(alert)]
        return rows

    def _removals(self, connection: Connection, due: list[Any]) -> list[dict[str, Any]]:
        # Watching changes tells of removals too (with the day) on every channel but the feed.
        channels = {alert.id: set(channels_of(alert)) & set(CHANGE_CHANNELS_EXCLUDED) if alert.watch_changes
                    else set(channels_of(alert)) for alert in due if alert.notify_removed}
        if not channels:
            return []
        return [self._ledger_row(row["alert_id"], row["job_position_id"], row["channel"], "removed")
                for row in sent_postings_now_inactive(connection, list(channels))
                if row["channel"] in channels[row["alert_id"]]]

    def _changes(self, connection: Connection, due: list[Any]) -> list[dict[str, Any]]:
        """Change-ledger rows: each event, since the posting was sent on a channel, of a posting
        sent to an alert watching changes (a repost is the new posting's "created" event)."""
        channels = {alert.id: set(channels_of(alert)) - set(CHANGE_CHANNELS_EXCLUDED)
                    for alert in due if alert.watch_changes}
        if not channels:
            return []
        since = min(window_start(alert) for alert in due if alert.id in channels)
        return [{"alert_id": row["alert_id"], "job_event_id": row["job_event_id"], "channel": row["channel"],
                 "status": "pending", "attempts": 0, "created_at": self.now}
                for row in events_since_sent(connection, list(channels), since)
                if row["channel"] in channels[row["alert_id"]]
                and (row["event_type"] != "updated" or set(row["changed_fields"] or ()) & set(WATCHED_FIELDS))]

    def _ledger_row(self, alert_id: int, position_id: int, channel: str, kind: str) -> dict[str, Any]:
        return {"alert_id": alert_id, "job_position_id": position_id, "channel": channel,
                "kind": kind, "status": "pending", "attempts": 0, "created_at": self.now}

    # -- step 2: deliver what the ledger holds ---------------------------------------------

    def deliver(self, alerts: list[Any]) -> None:
        by_id = {alert.id: alert for alert in alerts}
        groups: dict[tuple[int, str], list[tuple[int, str, Posting]]] = defaultdict(list)
        changes: dict[tuple[int, str], list[tuple[int, Change]]] = defaultdict(list)
        if by_id:
            with self.engine.connect() as connection:
                for row in pending_deliveries(connection, list(by_id)):
                    groups[(row["alert_id"], row["channel"])].append(
                        (row["ledger_id"], row["kind"], posting_from_row(row)))
                for ledger_id, alert_id, channel, change in _undelivered_changes(connection, list(by_id)):
                    changes[(alert_id, channel)].append((ledger_id, change))
        for alert in alerts:
            try:
                self._deliver_alert(alert, groups, changes)
            except Exception as exc:  # one alert's bug or bad data never stops the others
                logger.exception("alert %s: delivery failed", alert.name)
                self.summary.errors.append(f"{alert.name}: {type(exc).__name__}: {first_line(exc)}")

    def _deliver_alert(self, alert: Any, groups: dict[tuple[int, str], list[tuple[int, str, Posting]]],
                       changes: dict[tuple[int, str], list[tuple[int, Change]]]) -> None:
        outcomes: list[bool] = []
        for channel in channels_of(alert):
            entries = groups.get((alert.id, channel), [])
            changed = changes.get((alert.id, channel), [])
            if channel == "atom" and not entries and not feed_path(self.feeds, alert.name).exists():
                try:  # a feed reader can subscribe before the first match
                    self._write_feed(alert, [])
                except DeliveryError as exc:
                    self.summary.errors.append(f"{alert.name}/atom: {exc}")
            if entries or changed:
                outcomes.append(self._deliver_group(alert, channel, entries, changed))
        if outcomes:
            self._update_health(alert, all(outcomes))

    def _deliver_group(self, alert: Any, channel: str, entries: list[tuple[int, str, Posting]],
                       changed: list[tuple[int, Change]]) -> bool:
        new = [p for _, kind, p in entries if kind == "new"]
        _explain(alert, new)
        digest = Digest(alert.name, new=new, removed=[p for _, kind, p in entries if kind == "removed"],
                        changes=[change for _, change in changed])
        ids = [ledger_id for ledger_id, _, _ in entries]
        change_ids = [ledger_id for ledger_id, _ in changed]
        label = channel_label(alert, channel)
        try:
            if channel == "email":
                send_digest(self.smtp or SmtpSettings.from_env(), list(alert.email_to or []), digest)
            elif channel == "webhook":
                post_digest(alert.webhook_url, digest, timeout=self.webhook_timeout)
            elif channel.startswith(NOTIFY_PREFIX):
                send_notification(notify_urls(alert)[channel], digest)
            else:
                self._write_feed(alert, [FeedEntry(p, kind, self.now) for _, kind, p in entries])
        except Exception as exc:  # a bug or bad data fails this delivery only; it is retried
            if not isinstance(exc, DeliveryError):
                logger.exception("alert %s: %s delivery raised", alert.name, label)
                exc = DeliveryError(f"{type(exc).__name__}: {first_line(exc)}")
            logger.warning("alert %s: %s delivery failed: %s", alert.name, label, exc)
            self._mark(mark_deliveries, ids, status="failed", last_error=str(exc))
            self._mark(mark_change_deliveries, change_ids, status="failed", last_error=str(exc))
            self.summary.failed += len(ids) + len(change_ids)
            self.summary.errors.append(f"{alert.name}/{label}: {exc}")
            return False
        self._mark(mark_deliveries, ids, status="sent", sent_at=self.now, last_error=None)
        self._mark(mark_change_deliveries, change_ids, status="sent", sent_at=self.now, last_error=None)
        self.summary.sent += len(ids) + len(change_ids)
        self.summary.messages += 1
        logger.info("alert %s: %s delivered %d posting(s), %d change(s)", alert.name, label, len(ids),
                    len(change_ids))
        return True

    def _write_feed(self, alert: Any, fresh: list[FeedEntry]) -> None:
        with self.engine.connect() as connection:
            history = sent_on_feed(connection, alert.id)
        entries = [FeedEntry(posting_from_row(row), row["kind"], row["sent_at"]) for row in history] + fresh
        write_feed(feed_path(self.feeds, alert.name), alert.name, entries, self.now)

    def _mark(self, mark: Callable[..., None], ids: list[int], **values: Any) -> None:
        if not ids:
            return
        with self.engine.begin() as connection:
            mark(connection, ids, **values)

    def _update_health(self, alert: Any, succeeded: bool) -> None:
        if succeeded:
            values: dict[str, Any] = {"consecutive_failures": 0, "flagged_at": None, "last_error": None}
        else:
            failures = alert.consecutive_failures + 1
            errors = [e for e in self.summary.errors if e.startswith(f"{alert.name}/")]
            values = {"consecutive_failures": failures, "last_error": errors[-1] if errors else None}
            if failures >= self.max_failures:
                values["flagged_at"] = alert.flagged_at or self.now
                self.summary.flagged.append(alert.name)
        with self.engine.begin() as connection:
            set_alert_health(connection, alert.id, **values)


def _explain(alert: Any, postings: list[Posting]) -> None:
    """Say on each posting why it matched the alert (nothing when its criteria no longer load:
    the posting is still delivered)."""
    try:
        criteria = Criteria.from_dict(alert.criteria)
    except (InvalidAlert, TypeError):
        return
    for posting in postings:
        posting.why = why_matched(criteria, posting)


def _undelivered_changes(connection: Connection, alert_ids: list[int]) -> list[tuple[int, int, str, Change]]:
    """(ledger id, alert id, channel, change) of every change not yet delivered."""
    found = []
    for row in pending_changes(connection, alert_ids):
        values = (row["details"] or {}).get("changes") or {}
        fields = [(name, *values[name]) for name in WATCHED_FIELDS if name in values]
        change = Change(CHANGE_OF_EVENT[row["event_type"]], posting_from_row(row), row["created_at"], fields)
        found.append((row["ledger_id"], row["alert_id"], row["channel"], change))
    return found


def preview(connection: Connection, criteria: Criteria, now: datetime, days: int) -> list[Posting]:
    """What an alert would have matched among the active postings first seen in ``days`` days."""
    candidates = active_since(connection, now - timedelta(days=days))
    return [posting for posting in candidates if matches(criteria, posting, now)]
