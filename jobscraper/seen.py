"""The external ids a crawl has seen, in about 12 bytes each.

A crawl asks "seen before?" once per posting in three places (the listing walk, the
deduplication, the removal at close). A Python ``set`` of the id strings costs some 130 bytes
per id and keeps every id string alive: about 200 MB of a 500,000-posting crawl. Here an id is
kept as a 64-bit BLAKE2b digest in an open-addressing table (linear probing, at most two thirds
full) of unsigned 64-bit integers. Two different ids share a digest with a probability of about
n²/2⁶⁵: 7 in a billion for a crawl of 500,000 postings.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from hashlib import blake2b

_EMPTY = 0
_INITIAL_SLOTS = 1024
# Old slots moved to the doubled table on each add while it grows. Moving them all at once took
# the reactor for up to a quarter of a second at 350,000 ids (a Python loop over 524,288 slots).
# Any number over 1.5 finishes the move before the new table is two thirds full.
_MOVES_PER_ADD = 16


def _digest(external_id: str) -> int:
    value = int.from_bytes(blake2b(external_id.encode(), digest_size=8).digest(), "little")
    return value or 1  # 0 marks an empty slot


def _slot_in(slots: array, digest: int) -> int:
    """The slot of ``slots`` holding ``digest``, or the empty slot where it would go."""
    mask = len(slots) - 1
    slot = digest & mask
    while slots[slot] not in (_EMPTY, digest):
        slot = (slot + 1) & mask
    return slot


class SeenIds:
    def __init__(self, external_ids: Iterable[str] = ()) -> None:
        self.clear()
        for external_id in external_ids:
            self.add(external_id)

    def __len__(self) -> int:
        return self._count

    def __contains__(self, external_id: object) -> bool:
        if not isinstance(external_id, str):
            return False
        return self._holds(_digest(external_id))

    def add(self, external_id: str) -> bool:
        """Record ``external_id``; whether it was new."""
        digest = _digest(external_id)
        if self._old is not None:
            self._move_some()
        slot = _slot_in(self._slots, digest)
        if self._slots[slot] == digest or self._in_old(digest):
            return False
        self._slots[slot] = digest
        self._count += 1
        if 3 * self._count > 2 * len(self._slots):
            self._grow()
        return True

    def clear(self) -> None:
        self._slots = array("Q", [_EMPTY]) * _INITIAL_SLOTS
        self._old: array | None = None  # the table being moved into ``_slots`` while it grows
        self._moved = 0
        self._count = 0

    def _holds(self, digest: int) -> bool:
        return self._slots[_slot_in(self._slots, digest)] == digest or self._in_old(digest)

    def _in_old(self, digest: int) -> bool:
        old = self._old
        return old is not None and old[_slot_in(old, digest)] == digest

    def _grow(self) -> None:
        """Double the table; its slots move a few at a time, on the adds that follow."""
        while self._old is not None:
            self._move_some()
        self._old, self._moved = self._slots, 0
        self._slots = array("Q", [_EMPTY]) * (2 * len(self._old))

    def _move_some(self) -> None:
        old, slots = self._old, self._slots
        end = min(self._moved + _MOVES_PER_ADD, len(old))
        for digest in old[self._moved:end]:
            if digest != _EMPTY:
                slots[_slot_in(slots, digest)] = digest
        self._moved = end
        if end == len(old):
            self._old = None
