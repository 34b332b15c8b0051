"""The Atom channel: one feed file per alert (RFC 4287) that a feed reader can follow.

The file lists the alert's most recent entries and is replaced atomically on each delivery.
Its folder is ``JOBSCRAPER_FEEDS_DIR``, by default ``feeds`` in the data directory.
"""

from __future__ import annotations

import os
import tempfile
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from jobscraper.alerts.digest import summary_line
from jobscraper.alerts.errors import DeliveryError
from jobscraper.alerts.matching import Posting
from jobscraper.db.engine import data_dir

ATOM = "http://www.w3.org/2005/Atom"
MAX_ENTRIES = 100


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


def _timestamp(value: datetime) -> str:
    return value.isoformat(timespec="seconds").replace("+00:00", "Z")


def _text(parent: ET.Element, tag: str, value: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    element.text = value
    return element


def render(alert: str, entries: list[FeedEntry], now: datetime) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "id", uuid.uuid5(uuid.NAMESPACE_URL, f"jobscraper:alert:{alert}").urn)
    _text(feed, "title", f"jobscraper: {alert}")
    _text(feed, "updated", _timestamp(max((e.at for e in entries), default=now)))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", "jobscraper")
    _text(feed, "generator", "jobscraper")
    for entry in entries:
        posting = entry.posting
        node = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(node, "id", entry.id)
        prefix = "No longer listed: " if entry.kind == "removed" else ""
        _text(node, "title", f"{prefix}{posting.title} — {posting.company_name}", type="text")
        ET.SubElement(node, f"{{{ATOM}}}link", {"rel": "alternate", "href": posting.url})
        _text(node, "updated", _timestamp(entry.at))
        if posting.posted_at is not None:
            _text(node, "published", _timestamp(posting.posted_at))
        entry_author = ET.SubElement(node, f"{{{ATOM}}}author")
        _text(entry_author, "name", posting.company_name)
        _text(node, "summary", summary_line(posting), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def write_feed(path: Path, alert: str, entries: list[FeedEntry], now: datetime) -> None:
    """Replace the feed file with the newest ``MAX_ENTRIES`` entries, atomically."""
    newest = sorted(entries, key=lambda e: (e.at, e.posting.id), reverse=True)[:MAX_ENTRIES]
    body = render(alert, newest, now)
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(body)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        if temporary is not None and os.path.exists(temporary):
            os.unlink(temporary)
        raise DeliveryError(f"cannot write the feed {path}: {exc.strerror or exc}") from None
