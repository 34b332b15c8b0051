"""The Atom channel: one feed file per alert (RFC 4287) that a feed reader can follow.

The file lists the alert's most recent entries and is replaced atomically on each delivery.
It is written by feedgen, so it is always well-formed XML; every text passes ``printable`` first
(XML 1.0 forbids most control characters) and a link is kept only when it is http(s).
Its folder is ``JOBSCRAPER_FEEDS_DIR``, by default ``feeds`` in the data directory.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from feedgen.feed import FeedGenerator

from jobscraper.alerts.digest import summary_line, web_url
from jobscraper.alerts.errors import DeliveryError
from jobscraper.alerts.matching import Posting
from jobscraper.ops.console import printable
from jobscraper.db.engine import data_dir

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 100
MAX_TEXT = 1000  # characters of one title or summary; a reader shows a line, not a page


@dataclass
class FeedEntry:
    posting: Posting
    kind: str  # "new" or "removed"
    at: datetime

    @property
    def id(self) -> str:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"{self.posting.url}#{self.kind}").urn


def feeds_dir() -> Path:
    configured = os.environ.get("JOBSCRAPER_FEEDS_DIR")
    return Path(configured).resolve() if configured else data_dir() / "feeds"


def feed_path(folder: Path, alert: str) -> Path:
    return folder / f"{alert}.xml"


def _xml_text(value: object) -> str:
    """Text XML 1.0 can carry: ``printable`` leaves no control character XML forbids."""
    return printable(value)[:MAX_TEXT]


def render(alert: str, entries: list[FeedEntry], now: datetime) -> bytes:
    feed = FeedGenerator()
    feed.id(uuid.uuid5(uuid.NAMESPACE_URL, f"jobscraper:alert:{alert}").urn)
    feed.title(f"jobscraper: {_xml_text(alert)}")
    feed.updated(max((e.at for e in entries), default=now))
    feed.author({"name": "jobscraper"})
    feed.generator("jobscraper")
    for entry in entries:
        posting = entry.posting
        node = feed.add_entry(order="append")
        node.id(entry.id)
        prefix = "No longer listed: " if entry.kind == "removed" else ""
        node.title(f"{prefix}{_xml_text(posting.title)} — {_xml_text(posting.company_name)}")
        url = web_url(posting.url)
        if url:
            node.link(href=url, rel="alternate")
        else:  # Atom wants a link or a content element; an unsafe link is left out
            node.content("The posting's link is not a web address.", type="text")
        node.updated(entry.at)
        if posting.posted_at is not None:
            node.published(posting.posted_at)
        node.author({"name": _xml_text(posting.company_name) or "unknown"})
        node.summary(_xml_text(summary_line(posting)), type="text")
    return feed.atom_str(pretty=True)


def write_feed(path: Path, alert: str, entries: list[FeedEntry], now: datetime) -> None:
    """Replace the feed file with the newest ``MAX_ENTRIES`` entries, atomically."""
    newest = sorted(entries, key=lambda e: (e.at, e.posting.id), reverse=True)[:MAX_ENTRIES]
    body = render(alert, newest, now)
    temporary: str | None = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(body)
        os.chmod(temporary, 0o600)  # an alert's feed tells what someone is looking for
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise DeliveryError(f"cannot write the feed {path}: {exc.strerror or exc}") from None
