"""Who may use the app, and writes only from its own forms.

Credentials come from the environment: ``JOBSCRAPER_WEB_TOKEN`` (sent as ``Authorization:
Bearer TOKEN``, or as the password of HTTP basic auth with any user name, so a browser can log
in), or ``JOBSCRAPER_WEB_USER`` with ``JOBSCRAPER_WEB_PASSWORD`` (basic auth). When any is set,
every request needs them; a server bound to a non-loopback address refuses to start without.

Every form carries a token that must equal the one in the ``jobscraper_csrf`` cookie (SameSite
Strict), and a write whose ``Origin`` is another site is refused.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import os
import secrets
from dataclasses import dataclass
from collections.abc import Mapping
from urllib.parse import urlsplit

CSRF_COOKIE = "jobscraper_csrf"
CSRF_FIELD = "csrf_token"


@dataclass(frozen=True)
class Credentials:
    token: str | None = None
    user: str | None = None
    password: str | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Credentials:
        environ = os.environ if environ is None else environ
        return cls(token=environ.get("JOBSCRAPER_WEB_TOKEN") or None,
                   user=environ.get("JOBSCRAPER_WEB_USER") or None,
                   password=environ.get("JOBSCRAPER_WEB_PASSWORD") or None)

    @property
    def configured(self) -> bool:
        return bool(self.token or (self.user and self.password))

    def accepts(self, authorization: str | None) -> bool:
        if not self.configured:
            return True
        if not authorization:
            return False
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and self.token:
            return secrets.compare_digest(value.strip().encode(), self.token.encode())
        if scheme.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(value.strip(), validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        if self.token and secrets.compare_digest(password.encode(), self.token.encode()):
            return True
        return bool(self.user and self.password
                    and secrets.compare_digest(user.encode(), self.user.encode())
                    and secrets.compare_digest(password.encode(), self.password.encode()))


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_valid(cookie: str | None, submitted: str | None) -> bool:
    return bool(cookie and submitted and secrets.compare_digest(cookie.encode(), submitted.encode()))


def same_origin(origin: str | None, host: str | None) -> bool:
    """A missing Origin (old browsers, curl) is judged by the token alone."""
    if not origin:
        return True
    return urlsplit(origin).netloc == (host or "")
