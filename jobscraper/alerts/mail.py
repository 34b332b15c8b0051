"""The e-mail channel: one digest per alert, HTML and plain-text parts, over SMTP.

Configured from the environment: ``SMTP_HOST``, ``SMTP_PORT``, ``SMTP_USER``,
``SMTP_PASSWORD``, ``SMTP_SECURITY`` (``starttls``, the default; ``ssl``; ``none``) and
``SMTP_FROM``. The password is never logged nor put in an error message.
"""

from __future__ import annotations

import html
import os
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from jobscraper.alerts.digest import (
    CHANGE_HEADINGS,
    Change,
    Digest,
    company,
    location,
    posted,
    text_lines,
    title,
    web_url,
    why,
    workplace,
)
from jobscraper.alerts.errors import DeliveryError

SECURITY_MODES = ("starttls", "ssl", "none")
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


@dataclass(frozen=True)
class SmtpSettings:
    host: str | None
    port: int
    security: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str = "jobscraper@localhost"
    timeout: float = 30.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> SmtpSettings:
        security = (environ.get("SMTP_SECURITY") or "starttls").strip().lower()
        if security not in SECURITY_MODES:
            raise DeliveryError(f"SMTP_SECURITY must be one of {', '.join(SECURITY_MODES)}")
        port_text = (environ.get("SMTP_PORT") or "").strip()
        try:
            port = int(port_text) if port_text else DEFAULT_PORTS[security]
        except ValueError:
            raise DeliveryError(f"SMTP_PORT is not a port number: {port_text!r}") from None
        user = environ.get("SMTP_USER") or None
        sender = environ.get("SMTP_FROM") or (user if user and "@" in user else None)
        return cls(host=(environ.get("SMTP_HOST") or "").strip() or None, port=port,
                   security=security, user=user, password=environ.get("SMTP_PASSWORD") or None,
                   sender=sender or "jobscraper@localhost")


def build_message(digest: Digest, sender: str, recipients: list[str]) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = digest.subject
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message.set_content(plain_text(digest))
    message.add_alternative(html_body(digest), subtype="html")
    return message


def plain_text(digest: Digest) -> str:
    lines = [digest.subject.removeprefix("[jobscraper] "), "", *text_lines(digest)]
    lines.append(f"-- jobscraper alert {digest.alert}")
    return "\n".join(lines) + "\n"


def _html_posting(posting, heading_prefix: str = "", notes: list[str] | None = None) -> str:
    e = html.escape
    details = " · ".join(e(part) for part in (
        company(posting), location(posting), workplace(posting), posted(posting)) if part)
    url = web_url(posting.url)
    heading = f'<a href="{e(url, quote=True)}">{e(title(posting))}</a>' if url else e(title(posting))
    reason = why(posting)
    notes_html = "".join(f"<br><small><em>{e(note)}</em></small>"
                         for note in ([reason] if reason else []) + (notes or []))
    return f"<li>{e(heading_prefix)}{heading}<br><small>{details}</small>{notes_html}</li>"


def _html_change(change: Change) -> str:
    return _html_posting(change.posting, f"{CHANGE_HEADINGS[change.kind]}: ", change.lines())


def html_body(digest: Digest) -> str:
    e = html.escape
    parts = ['<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>',
             f"<h2>{e(digest.subject.removeprefix('[jobscraper] '))}</h2>"]
    if digest.new:
        parts.append("<ul>" + "".join(_html_posting(p) for p in digest.new) + "</ul>")
    if digest.removed:
        parts.append("<h3>No longer listed</h3><ul>"
                     + "".join(_html_posting(p) for p in digest.removed) + "</ul>")
    if digest.changes:
        parts.append("<h3>Changes</h3><ul>" + "".join(_html_change(c) for c in digest.changes) + "</ul>")
    parts.append(f"<p><small>jobscraper alert {e(digest.alert)}</small></p></body></html>")
    return "".join(parts)


def send_digest(settings: SmtpSettings, recipients: list[str], digest: Digest) -> None:
    """Send one digest; ``DeliveryError`` with a password-free message on any failure."""
    if not settings.host:
        raise DeliveryError("SMTP_HOST is not set")
    if not recipients:
        raise DeliveryError("the alert has no e-mail recipients")
    message = build_message(digest, settings.sender, recipients)
    try:
        if settings.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port,
                                                    timeout=settings.timeout,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        with client:
            if settings.security == "starttls":
                try:
                    client.starttls(context=ssl.create_default_context())
                except smtplib.SMTPNotSupportedError:
                    raise DeliveryError(
                        f"SMTP {settings.host}:{settings.port} does not offer STARTTLS: try "
                        "SMTP_SECURITY=none (a relay without TLS) or SMTP_SECURITY=ssl (TLS from "
                        "the start, usually port 465)") from None
            if settings.user:
                client.login(settings.user, settings.password or "")
            client.send_message(message, from_addr=settings.sender, to_addrs=recipients)
    except (smtplib.SMTPException, OSError) as exc:
        text = str(exc) or type(exc).__name__
        if settings.password:
            text = text.replace(settings.password, "***")
        raise DeliveryError(f"SMTP {settings.host}:{settings.port}: {text}") from None
