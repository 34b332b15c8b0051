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


def _digest(external_id: str) -> int:
    value = int.from_bytes(blake2b(external_id.encode(), digest_size=8).digest(), "little")
    return value or 1  # 0 marks an empty slot


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
        digest = _digest(external_id)
        return self._slots[self._slot_of(digest)] == digest

    def add(self, external_id: str) -> bool:
        """Record ``external_id``; whether it was new."""
        digest = _digest(external_id)
        slot = self._slot_of(digest)
        if self._slots[slot] == digest:
            return False
        self._slots[slot] = digest
        self._count += 1
        if 3 * self._count > 2 * len(self._slots):
            self._grow()
        return True

    def clear(self) -> None:
        self._slots = array("Q", bytes(8 * _INITIAL_SLOTS))
        self._count = 0

    def _slot_of(self, digest: int) -> int:
        """The slot holding ``digest``, or the empty slot where it would go."""
        slots, mask = self._slots, len(self._slots) - 1
        slot = digest & mask
        while slots[slot] not in (_EMPTY, digest):
            slot = (slot + 1) & mask
        return slot

    def _grow(self) -> None:
        old = self._slots
        self._slots = array("Q", bytes(16 * len(old)))
        for digest in old:
            if digest != _EMPTY:
                self._slots[self._slot_of(digest)] = digest
