"""The listing fingerprints of a company's stored postings, in about 24 bytes each.

A spider asks once per listed posting "is this listing row the one stored?" to skip a detail
request or the whole normalisation of an unchanged posting. A ``dict`` of id string →
fingerprint string costs some 250 bytes per posting: 120 MB for a 500,000-posting board. Here
both are kept as 64-bit BLAKE2b digests (as :mod:`jobscraper.seen` keeps ids) in two parallel
arrays, open addressing with linear probing, at most two thirds full. A changed listing is
taken for unchanged only if its fingerprint digest collides with the stored one: about one in
2⁶⁴ per posting.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping

from jobscraper.seen import _digest, _slot_in

_EMPTY = 0
_NO_FINGERPRINT = 0
_INITIAL_SLOTS = 1024


class KnownListings:
    """external id → listing fingerprint, for membership and comparison only."""

    def __init__(self, listings: Mapping[str, str | None] | Iterable[tuple[str, str | None]] = ()) -> None:
        self._keys = array("Q", [_EMPTY]) * _INITIAL_SLOTS
        self._values = array("Q", [_EMPTY]) * _INITIAL_SLOTS
        self._count = 0
        pairs = listings.items() if isinstance(listings, Mapping) else listings
        for external_id, listing_fingerprint in pairs:
            self.add(external_id, listing_fingerprint)

    def __len__(self) -> int:
        return self._count

    def __contains__(self, external_id: object) -> bool:
        if not isinstance(external_id, str):
            return False
        key = _digest(external_id)
        return self._keys[_slot_in(self._keys, key)] == key

    def __getitem__(self, external_id: str) -> None:
        """Only the digest of a fingerprint is kept: a known posting's fingerprint reads None."""
        if external_id not in self:
            raise KeyError(external_id)
        return None

    def add(self, external_id: str, listing_fingerprint: str | None) -> None:
        key = _digest(external_id)
        slot = _slot_in(self._keys, key)
        if self._keys[slot] != key:
            self._keys[slot] = key
            self._count += 1
        self._values[slot] = _NO_FINGERPRINT if listing_fingerprint is None else _digest(listing_fingerprint)
        if 3 * self._count > 2 * len(self._keys):
            self._grow()

    def matches(self, external_id: str, listing_fingerprint: str) -> bool:
        """Whether ``external_id`` is stored with this very listing fingerprint."""
        key = _digest(external_id)
        slot = _slot_in(self._keys, key)
        return self._keys[slot] == key and self._values[slot] == _digest(listing_fingerprint)

    def _grow(self) -> None:
        old_keys, old_values = self._keys, self._values
        self._keys = array("Q", [_EMPTY]) * (2 * len(old_keys))
        self._values = array("Q", [_EMPTY]) * (2 * len(old_keys))
        for key, value in zip(old_keys, old_values):
            if key != _EMPTY:
                slot = _slot_in(self._keys, key)
                self._keys[slot] = key
                self._values[slot] = value
