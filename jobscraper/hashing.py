"""Hashes that keep the GIL.

``hashlib`` lets go of the GIL while it hashes 2,048 bytes or more at once, for other threads to
run meanwhile. In a crawl the other thread is the database's: the reactor thread, which hashes
every listing entry (``entry_fingerprint``) and every changed posting (``content_hash``), then
waits to get the GIL back until the database thread gives it up, up to the switch interval
(5 ms) later. Fed in pieces smaller than that, a hash never lets go: a 6 KB Greenhouse entry
costs the few microseconds of hashing it, not a wait of milliseconds.
"""

from __future__ import annotations

from typing import Any

# CPython's HASHLIB_GIL_MINSIZE: hashlib releases the GIL for data of this size or more.
_GIL_RELEASE_SIZE = 2048


def fed(hasher: Any, data: bytes) -> Any:
    """``hasher`` updated with ``data`` in pieces below the size that releases the GIL."""
    view = memoryview(data)
    piece = _GIL_RELEASE_SIZE - 1
    for start in range(0, len(view), piece):
        hasher.update(view[start:start + piece])
    return hasher
