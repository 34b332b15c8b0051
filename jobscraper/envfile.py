"""``.env``: the settings the installed cron lines read, read the same way everywhere.

A cron line runs ``set -a; . ./.env; set +a`` in the checkout before its command, so ``.env`` is
a ``sh`` script: quotes and ``$`` mean what they mean to ``sh``, and a line ``sh`` cannot read
stops the run. ``read_env_file`` asks ``sh`` itself for the variables the file sets;
``apply_env_file`` (called when the settings load, so every ``scrapy`` command and ``make``
target) puts them into ``os.environ``. A variable already set in the environment is kept, so
``DATABASE_URL=... scrapy stats``, the benchmarks and the tests choose their own database; under
cron the environment holds none of them and every value comes from the file, as the line reads it.

``JOBSCRAPER_ENV_FILE`` names another file, or ``none`` to read none (the demo and the tests).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from jobscraper.ops.console import console

CHECKOUT = Path(__file__).resolve().parent.parent
# What sh sets on its own, never counted as set by the file.
_SHELL_OWN = {"PWD", "OLDPWD", "SHLVL", "_", "PATH", "IFS", "PS1", "PS2", "PS4", "OPTIND", "PPID"}


# name -> the file it was taken from, in this process (``scrapy doctor`` says where a value came from).
APPLIED: dict[str, str] = {}


class EnvFileError(Exception):
    """``.env`` cannot be read by ``sh``; the message names the file and sh's complaint."""


def env_file_path() -> Path | None:
    chosen = os.environ.get("JOBSCRAPER_ENV_FILE")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "none") else Path(chosen)
    return CHECKOUT / ".env"


def read_env_file(path: Path | None) -> dict[str, str]:
    """The variables ``sh`` sets when it sources ``path`` (none when there is no file)."""
    if path is None or not path.is_file():
        return {}
    script = 'set -a; . "$1" || exit 97; env -0'
    try:
        result = subprocess.run(["sh", "-c", script, "sh", str(path.resolve())], env={"PATH": "/usr/bin:/bin"},
                                cwd=path.resolve().parent, capture_output=True, timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise EnvFileError(f"{path}: sh could not read it: {exc}") from None
    if result.returncode != 0:
        complaint = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise EnvFileError(f"{path} is not valid sh: {complaint[-1] if complaint else f'exit {result.returncode}'} "
                           "(quote values with spaces, < > or $, e.g. SMTP_FROM='jobscraper <a@example.com>')")
    values = {}
    for entry in result.stdout.split(b"\0"):
        name, sep, value = entry.decode("utf-8", "replace").partition("=")
        if sep and name not in _SHELL_OWN:
            values[name] = value
    return values


def apply_env_file() -> Path | None:
    """Put ``.env``'s variables into this process's environment, as the cron line does.

    Returns the file read (None when there is none). A broken file is reported on stderr once
    and nothing of it is applied; ``scrapy doctor`` shows the same error.
    """
    path = env_file_path()
    try:
        values = read_env_file(path)
    except EnvFileError as exc:
        if not os.environ.get("_JOBSCRAPER_ENV_FILE_REPORTED"):
            os.environ["_JOBSCRAPER_ENV_FILE_REPORTED"] = "1"
            console(__name__).warning("warning: %s", exc)
        return None
    for name, value in values.items():
        if not os.environ.get(name):
            os.environ[name] = value
            APPLIED[name] = str(path)
    return path if values else None
