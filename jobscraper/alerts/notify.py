"""The notification channels: any apprise URL (``tgram://``, ``discord://``, ``mailto://``,
``slack://``, ``json://`` ...), delivered through apprise.

Each URL of an alert is a channel of its own in the ledger, named ``notify:`` and a hash of the
URL (``channel_key``): a posting reaches each URL once, and one URL failing never holds back
another. A URL carries secrets (bot tokens, webhook keys, passwords), so it is shown only as
apprise's privacy mode writes it (``masked_url``: ``tgram://1...i/-100123``), and an error
message never quotes the parts that mode hides.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from jobscraper.alerts.digest import Digest, text_lines
from jobscraper.alerts.errors import DeliveryError, InvalidAlert

NOTIFY_PREFIX = "notify:"
APPRISE_WIKI = "https://github.com/caronc/apprise/wiki"
_URL_PARTS = re.compile(r"[/:@?&=#,]+")
# The loggers that quote a service's endpoint while sending (urllib3 logs each request line).
SENDING_LOGGERS = ("apprise", "urllib3.connectionpool", "urllib3.connection", "urllib3.util.retry")

if TYPE_CHECKING:
    import apprise


def _plugin(url: str) -> apprise.plugins.NotifyBase | None:
    if not isinstance(url, str) or "://" not in url or not url.isprintable():
        return None
    import apprise  # here, not at the top: every scrapy command imports this module, few send

    return apprise.Apprise.instantiate(url.strip())


def scheme_of(url: object) -> str:
    text = str(url)
    return text.split("://", 1)[0][:20] if "://" in text else "(no scheme)"


def check_notify_url(url: object) -> str:
    """The URL, stripped, if apprise can deliver to it; ``InvalidAlert`` naming only its scheme
    (the rest may be a secret)."""
    if not isinstance(url, str) or _plugin(url) is None:
        raise InvalidAlert(f"notify URL {scheme_of(url)}://… is not one apprise can use "
                           f"(the URL forms: {APPRISE_WIKI})")
    return url.strip()


def masked_url(url: str) -> str:
    """The URL with its secrets hidden, and without apprise's default options."""
    plugin = _plugin(url)
    if plugin is None:
        return f"{scheme_of(url)}://…"
    return plugin.url(privacy=True).split("?", 1)[0].rstrip("/")


def channel_key(url: str) -> str:
    """The ledger's name for the channel of this URL (the ledger's channel column holds 20)."""
    return NOTIFY_PREFIX + hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]


def notification(digest: Digest) -> tuple[str, str]:
    """The title and the plain-text body of a digest, as every apprise service shows them."""
    return digest.subject.removeprefix("[jobscraper] "), "\n".join(text_lines(digest)).strip()


def send_notification(url: str, digest: Digest) -> None:
    """Deliver the digest; ``DeliveryError`` with apprise's reason, free of the URL's secrets.

    A digest longer than the service takes (Telegram: 4,096 characters) is split into several
    messages, unless the URL chooses otherwise (``?overflow=truncate``): refused whole, it would
    fail every run.
    """
    plugin = _plugin(url)
    if plugin is None:
        raise DeliveryError("not a URL apprise can use")
    import apprise

    if "overflow=" not in url:
        plugin.overflow_mode = apprise.OverflowMode.SPLIT
    notifier = apprise.Apprise()
    notifier.add(plugin)
    title, body = notification(digest)
    with _secrets_kept_from_logs(url), \
            apprise.LogCapture(level=logging.WARNING, fmt="%(message)s") as captured:
        delivered = bool(notifier.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT))
    if not delivered:
        reasons = [line for line in captured.getvalue().splitlines() if line.strip()]
        reason = _scrubbed(reasons[-1], _secret_parts(url)) if reasons else "not delivered"
        raise DeliveryError(reason[:300])


class _Scrubber(logging.Filter):
    """Rewrites log records without the URL's secrets: apprise's and urllib3's debug lines quote
    the service's endpoint, and a Telegram endpoint holds the bot token."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.secrets = _secret_parts(url)

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = _scrubbed(record.getMessage(), self.secrets), ()
        return True


@contextmanager
def _secrets_kept_from_logs(url: str) -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in SENDING_LOGGERS]
    scrubber = _Scrubber(url)
    for logger in loggers:
        logger.addFilter(scrubber)
    try:
        yield
    finally:
        for logger in loggers:
            logger.removeFilter(scrubber)


def _secret_parts(url: str) -> list[str]:
    """The parts of the URL its masked form hides, longest first."""
    shown = masked_url(url)
    parts = set(_URL_PARTS.split(url.split("://", 1)[-1]))
    return sorted((part for part in parts if len(part) >= 4 and part not in shown), key=len, reverse=True)


def _scrubbed(text: str, secrets: list[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, "…")
    return text
