"""The webhook channel: a JSON POST whose ``text`` field is a Slack-formatted digest.

Slack and Mattermost incoming webhooks show ``text``; other receivers can read the structured
``new``, ``removed`` and ``changes`` lists beside it (each new posting with ``why``: the
criteria it met). A non-2xx answer or a timeout is a failed delivery.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from jobscraper.alerts.digest import (
    CHANGE_HEADINGS,
    Change,
    Digest,
    company,
    location,
    summary_line,
    title,
    web_url,
    why,
    workplace,
)
from jobscraper.alerts.errors import DeliveryError
from jobscraper.alerts.matching import Posting
from jobscraper.ops.console import printable

USER_AGENT = "jobscraper-alerts/1.0"


def slack_escape(value: str) -> str:
    """Slack's three control characters, escaped as its message formatting requires."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _link(posting: Posting) -> str:
    text = slack_escape(title(posting)).replace("|", "¦")
    url = web_url(posting.url)
    return f"<{slack_escape(url)}|{text}>" if url else text


def slack_text(digest: Digest) -> str:
    lines = [f"*{slack_escape(digest.subject.removeprefix('[jobscraper] '))}*"]
    for posting in digest.new:
        lines.append(f"• {_link(posting)} — {slack_escape(summary_line(posting))}")
        reason = why(posting)
        if reason:
            lines.append(f"    _{slack_escape(reason)}_")
    if digest.removed:
        lines.append("_No longer listed:_")
        lines += [f"• ~{_link(p)}~ — {slack_escape(company(p))}" for p in digest.removed]
    for change in digest.changes:
        lines.append(f"{CHANGE_HEADINGS[change.kind]}: {_link(change.posting)} — "
                     f"{slack_escape(company(change.posting))}")
        lines += [f"    {slack_escape(line)}" for line in change.lines()]
    return "\n".join(lines)


def _posting_json(posting: Posting) -> dict[str, Any]:
    return {
        "title": printable(posting.title),
        "company": company(posting),
        "location": location(posting),
        "workplace_type": workplace(posting),
        "posted_at": posting.posted_at.isoformat() if posting.posted_at else None,
        "first_seen_at": posting.first_seen_at.isoformat() if posting.first_seen_at else None,
        "url": web_url(posting.url),
        "why": [reason.to_dict() for reason in posting.why],
    }


def _printable(value: Any) -> Any:
    return printable(value) if isinstance(value, str) else value


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "at": change.at.isoformat(),
        "changes": [{"field": name, "old": _printable(old), "new": _printable(new)}
                    for name, old, new in change.fields],
        "text": "; ".join(change.lines()),
        "posting": _posting_json(change.posting),
    }


def payload(digest: Digest) -> dict[str, Any]:
    return {
        "text": slack_text(digest),
        "alert": digest.alert,
        "new": [_posting_json(p) for p in digest.new],
        "removed": [_posting_json(p) for p in digest.removed],
        "changes": [_change_json(c) for c in digest.changes],
    }


def post_digest(url: str, digest: Digest, timeout: float = 15.0) -> None:
    """POST the digest; ``DeliveryError`` naming only the host (webhook paths are secrets)."""
    host = urlsplit(url).netloc.rpartition("@")[2] or "?"
    body = json.dumps(payload(digest), ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"webhook {host} answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise DeliveryError(f"webhook {host}: {reason}") from None
    if not 200 <= status < 300:
        raise DeliveryError(f"webhook {host} answered HTTP {status}")
