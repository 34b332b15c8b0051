"""Saved alerts: the definition users edit (``AlertSpec``), saved to and deleted from the
database; the statements are in ``jobscraper.db.alerts``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from jobscraper.alerts.criteria import Criteria
from jobscraper.alerts.errors import InvalidAlert
from jobscraper.alerts.notify import check_notify_url, masked_url
from jobscraper.db.alerts import delete_with_ledgers, get_alert
from jobscraper.db.models import ALERT_FREQUENCIES, Alert, utc_now

# A name is also a file name (the Atom feed) and a word in a cron log: nothing to quote.
NAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
SPEC_KEYS = ("name", "enabled", "frequency", "notify_removed", "watch_changes", "channels", "criteria")
CHANNEL_KEYS = ("email", "webhook", "atom", "notify")


@dataclass
class AlertSpec:
    """An alert as a user defines it (CLI options or a YAML entry)."""

    name: str
    criteria: Criteria = field(default_factory=Criteria)
    email: list[str] = field(default_factory=list)
    webhook: str | None = None
    atom: bool = False
    frequency: str = "immediate"
    notify_removed: bool = False
    enabled: bool = True
    # apprise URLs, each a channel of its own (``jobscraper.alerts.notify``).
    notify: list[str] = field(default_factory=list)
    watch_changes: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not NAME_PATTERN.match(self.name):
            raise InvalidAlert(f"alert name {self.name!r} must be lower-case letters, digits, '-' or '_' "
                               "(at most 100, starting with a letter or digit)")
        if self.frequency not in ALERT_FREQUENCIES:
            raise InvalidAlert(f"{self.name}: frequency must be one of {', '.join(ALERT_FREQUENCIES)}")
        if isinstance(self.email, str):
            self.email = [self.email]
        self.email = [address.strip() for address in self.email if address and address.strip()]
        for address in self.email:
            if not re.fullmatch(r"[^@\s,<>]+@[^@\s,<>]+", address):
                raise InvalidAlert(f"{self.name}: {address!r} is not an e-mail address")
        if self.webhook:
            if not isinstance(self.webhook, str) or not _is_web_url(self.webhook):
                raise InvalidAlert(f"{self.name}: the webhook must be an http(s) URL with a host")
        else:
            self.webhook = None
        if isinstance(self.notify, str):
            self.notify = [self.notify]
        if not isinstance(self.notify, (list, tuple)):
            raise InvalidAlert(f"{self.name}: notify must be a list of notification URLs")
        try:
            self.notify = list(dict.fromkeys(check_notify_url(url) for url in self.notify if url))
        except InvalidAlert as exc:
            raise InvalidAlert(f"{self.name}: {exc}") from None
        for flag in ("atom", "notify_removed", "enabled", "watch_changes"):
            if not isinstance(getattr(self, flag), bool):
                raise InvalidAlert(f"{self.name}: {flag} must be true or false")

    @property
    def channels(self) -> list[str]:
        """The channels as a user reads them: notification URLs masked."""
        return [name for name, on in (("email", self.email), ("webhook", self.webhook),
                                      ("atom", self.atom)) if on] + [masked_url(url) for url in self.notify]

    @classmethod
    def from_dict(cls, data: Any) -> AlertSpec:
        if not isinstance(data, dict) or "name" not in data:
            raise InvalidAlert("each alert must be a mapping with a name")
        name = data["name"]
        unknown = sorted(set(data) - set(SPEC_KEYS))
        if unknown:
            raise InvalidAlert(f"{name}: unknown keys: {', '.join(unknown)}")
        channels = data.get("channels") or {}
        if not isinstance(channels, dict) or set(channels) - set(CHANNEL_KEYS):
            raise InvalidAlert(f"{name}: channels may have {', '.join(CHANNEL_KEYS)}")
        try:
            criteria = Criteria.from_dict(data.get("criteria"))
        except (InvalidAlert, TypeError) as exc:
            raise InvalidAlert(f"{name}: {exc}") from None
        return cls(name=name, criteria=criteria, email=channels.get("email") or [],
                   webhook=channels.get("webhook"), atom=channels.get("atom", False),
                   notify=channels.get("notify") or [],
                   frequency=data.get("frequency", "immediate"),
                   notify_removed=data.get("notify_removed", False),
                   watch_changes=data.get("watch_changes", False),
                   enabled=data.get("enabled", True))

    def to_dict(self, masked: bool = False) -> dict[str, Any]:
        """The alert as YAML holds it; ``masked`` hides the secrets of its notification URLs
        (for showing, not for a file to import)."""
        channels: dict[str, Any] = {}
        if self.email:
            channels["email"] = list(self.email)
        if self.webhook:
            channels["webhook"] = self.webhook
        if self.atom:
            channels["atom"] = True
        if self.notify:
            channels["notify"] = [masked_url(url) if masked else url for url in self.notify]
        data = {"name": self.name, "enabled": self.enabled, "frequency": self.frequency,
                "notify_removed": self.notify_removed}
        if self.watch_changes:
            data["watch_changes"] = True
        return {**data, "channels": channels, "criteria": self.criteria.to_dict()}

    @classmethod
    def from_row(cls, row: Any) -> AlertSpec:
        return cls(name=row.name, criteria=Criteria.from_dict(row.criteria),
                   email=list(row.email_to or []), webhook=row.webhook_url, atom=row.atom,
                   frequency=row.frequency, notify_removed=row.notify_removed, enabled=row.enabled,
                   notify=list(row.notify_urls or []), watch_changes=row.watch_changes)

    def column_values(self) -> dict[str, Any]:
        return {"name": self.name, "enabled": self.enabled, "criteria": self.criteria.to_dict(),
                "email_to": list(self.email) or None, "webhook_url": self.webhook,
                "atom": self.atom, "frequency": self.frequency,
                "notify_removed": self.notify_removed, "notify_urls": list(self.notify) or None,
                "watch_changes": self.watch_changes}


def _is_web_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - a bad port or bracketed host fails only when read
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and value.isprintable()


def save_alert(session: Session, spec: AlertSpec, now: datetime | None = None) -> bool:
    """Create or replace the alert of that name; True when it was created.

    Replacing keeps its delivery state (ledger, last run), so editing never resends; it clears
    a failure flag, as the user has looked at the alert.
    """
    now = now or utc_now()
    alert = get_alert(session, spec.name)
    created = alert is None
    if alert is None:
        alert = Alert(created_at=now, consecutive_failures=0)
        session.add(alert)
    for key, value in spec.column_values().items():
        setattr(alert, key, value)
    alert.updated_at = now
    if spec.enabled and not created and alert.flagged_at is not None:
        alert.consecutive_failures = 0
        alert.flagged_at = None
    return created


def delete_alert(session: Session, name: str) -> bool:
    alert = get_alert(session, name)
    if alert is None:
        return False
    delete_with_ledgers(session, alert)
    return True
