"""Operator notifications: new or worsening findings sent once, an all-clear when one resolves.

``JOBSCRAPER_OPS_NOTIFY`` holds one or more notification URLs (comma or space separated) in
apprise's syntax: ``mailtos://user:pass@host?to=ops@example.com``, ``slack://…``,
``tgram://bot-token/chat-id``, ``discord://…``, ``json://host/path`` (a generic JSON webhook).
The ledger (``health_notices``) remembers what was told at which severity, so a finding that
persists is not sent again; one that worsens is, and one that goes away sends an all-clear.
A delivery that fails leaves the ledger as it was: everything is tried again after the next run.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from jobscraper.db.health import forget_notice, notices, record_notice
from jobscraper.monitoring.findings import SEVERITY_RANK, Finding

if TYPE_CHECKING:
    import apprise

ENV = "JOBSCRAPER_OPS_NOTIFY"
logger = logging.getLogger(__name__)


class NotifyConfigError(ValueError):
    """A notification URL apprise cannot use."""


def configured_urls(raw: str | None = None) -> list[str]:
    raw = os.environ.get(ENV, "") if raw is None else raw
    return [part for part in raw.replace(",", " ").split() if part]


def channels(urls: Sequence[str]) -> apprise.Apprise:
    """An apprise object for the URLs; a URL it cannot use is an error naming the URL's scheme."""
    import apprise  # only when channels are configured: every crawlall ends in after_crawls

    notifier = apprise.Apprise()
    for url in urls:
        if not notifier.add(url):
            scheme = url.split("://", 1)[0] if "://" in url else url[:20]
            raise NotifyConfigError(f"{ENV}: not a notification URL apprise knows ({scheme}://…)")
    return notifier


@dataclass(frozen=True)
class Notice:
    sent: bool
    new: int = 0
    worse: int = 0
    resolved: int = 0

    @property
    def told(self) -> int:
        return self.new + self.worse + self.resolved


def message(new: Sequence[Finding], worse: Sequence[Finding], resolved: Sequence[tuple[str, str]]) -> tuple[str, str]:
    parts = []
    if new:
        parts.append(f"{len(new)} new")
    if worse:
        parts.append(f"{len(worse)} worse")
    if resolved:
        parts.append(f"{len(resolved)} resolved")
    title = "jobscraper health: " + ", ".join(parts)
    lines = [f"[{f.severity}] {f.company} {f.kind}: {f.evidence}" for f in new]
    lines += [f"[{f.severity}, worse] {f.company} {f.kind}: {f.evidence}" for f in worse]
    lines += [f"[resolved] {company} {kind}: all clear" for company, kind in resolved]
    return title, "\n".join(lines)


def notify_operators(engine: Engine, findings: Sequence[Finding], urls: Sequence[str]) -> Notice:
    """Tell the channels what is new, worse or resolved since they were last told."""
    notifier = channels(urls)
    with engine.connect() as connection:
        told = notices(connection)
    current = {finding.key: finding for finding in findings}
    new, worse, unchanged = [], [], []
    for finding in findings:
        before = told.get(finding.key)
        if before is None:
            new.append(finding)
        elif SEVERITY_RANK[finding.severity] > SEVERITY_RANK.get(before, 0):
            worse.append(finding)
        else:
            unchanged.append(finding)
    resolved = [key for key, severity in told.items() if key not in current and severity]
    stale_rows = [key for key, severity in told.items() if key not in current and not severity]

    sent = True
    if new or worse or resolved:
        title, body = message(new, worse, resolved)
        sent = bool(notifier.notify(title=title, body=body))
        if not sent:
            logger.error("could not deliver the health notice to %s (%d finding(s)); it is tried again "
                         "after the next run", ENV, len(new) + len(worse) + len(resolved))
    with engine.begin() as connection:
        for finding in new + worse:
            record_notice(connection, finding, notified=sent)
        for finding in unchanged:
            record_notice(connection, finding, notified=False)
        for company, kind in stale_rows + (resolved if sent else []):
            forget_notice(connection, company, kind)
    if not sent:
        return Notice(False)
    return Notice(True, len(new), len(worse), len(resolved))
