"""A command piped into ``head`` ends quietly when the reader goes away.

Python reports a closed standard output as a ``BrokenPipeError`` traceback (during the command)
or as "Exception ignored … BrokenPipeError" (when it flushes at exit). Both mean only that
nobody reads any more: point standard output at /dev/null and end with the usual status for a
closed pipe (128 + SIGPIPE). SIGPIPE itself stays ignored, so a crawl's sockets still raise.
"""

from __future__ import annotations

import atexit
import os
import sys

EXIT_CLOSED_PIPE = 141


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _flush_at_exit() -> None:
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
        os._exit(EXIT_CLOSED_PIPE)


def install() -> None:
    previous = sys.excepthook

    def excepthook(kind, value, traceback) -> None:
        if issubclass(kind, BrokenPipeError):
            _silence_stdout()
            os._exit(EXIT_CLOSED_PIPE)
        previous(kind, value, traceback)

    sys.excepthook = excepthook
    atexit.register(_flush_at_exit)
