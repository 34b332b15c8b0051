"""What jobscraper tells people.

``console(name)``: what the ``python -m`` entry points (``jobscraper.ops.cron``, ``jobscraper.ops.deploy``)
tell their user, a logger whose info lines go to stdout and whose warnings and errors go to
stderr, each as a plain line. The streams are looked up at each line, so a redirected
``sys.stdout`` is honoured.

``printable(text)``: scraped text made harmless for a terminal, a CSV file, an e-mail or a chat
message; every output of postings passes its text through it.
"""

from __future__ import annotations

import logging
import re
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


# ESC sequences (CSI, OSC, DCS/SOS/PM/APC strings, two-character escapes) and their 8-bit forms,
# then any control character left, bidi embeddings/overrides/isolates, zero-width characters,
# the BOM and lone surrogates.
_ESCAPE_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\t\n\r\u2028\u2029]+")


def printable(value: object, *, multiline: bool = False) -> str:
    """Text read from the web, made safe to print, write to CSV, mail or post.

    No escape sequence (colours, window titles, hyperlinks, cursor moves) or other control
    character survives, nor a character that reorders or hides text. One line unless
    ``multiline``, which keeps newlines and tabs.
    """
    text = "" if value is None else str(value)
    text = _INVISIBLE.sub("", _ESCAPE_SEQUENCES.sub("", text.replace("\r\n", "\n")))
    if not multiline:
        text = _LINE_BREAKS.sub(" ", text)
    return text
