"""The reactor thread and the GIL: hashlib never gets 2,048 bytes at once (and the digest is
the one of the whole data, so stored hashes and fingerprints do not move); the sanitiser, which
always lets go of the GIL, runs with the switch interval cut short."""

from __future__ import annotations

import hashlib
import json
import pickle
import sys

import pytest

from jobscraper.gil import SHORT_SWITCH_INTERVAL, fed, with_short_waits
from jobscraper.items import CONTENT_FIELDS, NORMALISER_VERSION
from jobscraper.normalise import text
from jobscraper.pipelines.normalise import content_hash
from jobscraper.platforms.base import entry_fingerprint


class Recording:
    """A hasher that notes the size of every piece it is given."""

    def __init__(self) -> None:
        self.hasher = hashlib.sha256()
        self.pieces: list[int] = []

    def update(self, data) -> None:
        self.pieces.append(len(data))
        self.hasher.update(data)


@pytest.mark.parametrize("size", [0, 1, 2046, 2047, 2048, 4094, 4095, 6000, 100_000])
def test_data_is_fed_in_pieces_below_the_size_that_releases_the_gil(size):
    data = bytes(range(256)) * (size // 256) + bytes(size % 256)
    recording = fed(Recording(), data)
    assert all(piece < 2048 for piece in recording.pieces)
    assert sum(recording.pieces) == size
    assert recording.hasher.hexdigest() == hashlib.sha256(data).hexdigest()


def test_a_listing_entry_fingerprint_is_the_hash_of_the_whole_entry():
    entry = {"id": 7, "title": "Engineer", "content": "&lt;p&gt;" + "x" * 9000 + "&lt;/p&gt;"}
    whole = hashlib.blake2b(pickle.dumps(entry, 5), digest_size=16,
                            salt=NORMALISER_VERSION.to_bytes(8, "little")).hexdigest()
    assert entry_fingerprint(entry) == whole
    assert entry_fingerprint(b"raw bytes" * 1000) == hashlib.blake2b(
        b"raw bytes" * 1000, digest_size=16, salt=NORMALISER_VERSION.to_bytes(8, "little")).hexdigest()


def test_a_long_postings_content_hash_is_the_sha256_of_its_canonical_fields():
    item = {"title": "Engineer", "description_text": "שלום " * 2000, "url": "https://x/1"}
    payload = json.dumps([item.get(field) for field in CONTENT_FIELDS], sort_keys=True, ensure_ascii=False)
    assert len(payload.encode()) > 2048
    assert content_hash(item) == hashlib.sha256(payload.encode("utf-8")).hexdigest()


def test_a_call_that_lets_go_of_the_gil_asks_for_it_back_at_once_and_the_interval_is_restored():
    normal = sys.getswitchinterval()
    assert with_short_waits(lambda: sys.getswitchinterval()) == pytest.approx(SHORT_SWITCH_INTERVAL)
    assert SHORT_SWITCH_INTERVAL < normal / 100

    def failing() -> None:
        raise ValueError("bad markup")

    with pytest.raises(ValueError):
        with_short_waits(failing)
    assert sys.getswitchinterval() == normal


def test_the_sanitiser_runs_with_short_waits(monkeypatch):
    intervals: list[float] = []

    class Recording:
        def clean(self, value: str) -> str:
            intervals.append(sys.getswitchinterval())
            return value

    monkeypatch.setattr(text, "_SANITISER", Recording())
    assert text.sanitize_html("<p>Hello</p>") == "<p>Hello</p>"
    assert intervals == [pytest.approx(SHORT_SWITCH_INTERVAL)]
