"""The reactor thread and the GIL.

A C function that lets go of the GIL while it works (``hashlib`` for 2,048 bytes or more, the
nh3 sanitiser always) lets the crawl's database thread take it. When the function returns, the
reactor thread waits for the GIL until the database thread gives it up: at the switch interval
(5 ms) at the latest, and for most of it when that thread has Python to run. A changed posting
paid that wait once for its description and once for its hash, and every listing entry once
for its fingerprint: a thousand times the work itself.

- ``fed`` gives a hash its data in pieces too small to let go of the GIL.
- ``with_short_waits`` calls a function that always lets go with the switch interval cut to
  10 us while it runs, so the reactor thread asks for the GIL back at once.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

# CPython's HASHLIB_GIL_MINSIZE: hashlib releases the GIL for data of this size or more.
_GIL_RELEASE_SIZE = 2048
SHORT_SWITCH_INTERVAL = 1e-5
# The process's own interval, restored after each short wait (not the one in force then: two
# threads in ``with_short_waits`` at once would otherwise leave it short).
_SWITCH_INTERVAL = sys.getswitchinterval()


def fed(hasher: Any, data: bytes) -> Any:
    """``hasher`` updated with ``data`` in pieces below the size that releases the GIL."""
    view = memoryview(data)
    piece = _GIL_RELEASE_SIZE - 1
    for start in range(0, len(view), piece):
        hasher.update(view[start:start + piece])
    return hasher


def with_short_waits(function: Callable[..., T], *args: Any) -> T:
    """``function(*args)``, with the GIL asked back 10 us after it is let go, not 5 ms."""
    sys.setswitchinterval(SHORT_SWITCH_INTERVAL)
    try:
        return function(*args)
    finally:
        sys.setswitchinterval(_SWITCH_INTERVAL)
