"""What the ``python -m`` entry points (``jobscraper.cron``, ``jobscraper.deploy``) tell their
user: a logger whose info lines go to stdout and whose warnings and errors go to stderr, each as
a plain line. The streams are looked up at each line, so a redirected ``sys.stdout`` is honoured.
"""

from __future__ import annotations

import logging
import sys


class _StandardStream(logging.StreamHandler):
    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name

    @property
    def stream(self):  # noqa: ANN201 - the current sys.stdout or sys.stderr
        return getattr(sys, self._name)

    @stream.setter
    def stream(self, _value) -> None:  # noqa: ANN001 - StreamHandler.__init__ sets it
        pass


def console(name: str) -> logging.Logger:
    logger = logging.getLogger(name)
    if not logger.handlers:
        out, err = _StandardStream("stdout"), _StandardStream("stderr")
        out.addFilter(lambda record: record.levelno < logging.WARNING)
        err.setLevel(logging.WARNING)
        for handler in (out, err):
            handler.setFormatter(logging.Formatter("%(message)s"))
            logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    return logger
