"""The Chromium that browser-driven platforms launch through scrapy-playwright.

Playwright's own browser download is not used: the crawl runs the system Chromium, named by
``CHROMIUM_PATH`` or found at the usual install paths.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CANDIDATES = (
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
    "/usr/lib/chromium/chromium",
    "/snap/bin/chromium",
    "/usr/bin/google-chrome",
    "/usr/bin/google-chrome-stable",
    "/opt/google/chrome/chrome",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)
COMMANDS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")

LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class BrowserNotFound(RuntimeError):
    """No Chromium executable could be found."""


def _executable(path: str | os.PathLike[str]) -> bool:
    candidate = Path(path)
    return candidate.is_file() and os.access(candidate, os.X_OK)


def find_chromium() -> str:
    """The Chromium executable: ``CHROMIUM_PATH``, else the usual install paths."""
    given = os.environ.get("CHROMIUM_PATH")
    if given:
        if _executable(given):
            return given
        raise BrowserNotFound(f"CHROMIUM_PATH={given} is not an executable file")
    for path in CANDIDATES:
        if _executable(path):
            return path
    for command in COMMANDS:
        found = shutil.which(command)
        if found:
            return found
    raise BrowserNotFound(
        "no Chromium found: install it (apt-get install chromium) or set CHROMIUM_PATH"
    )
