"""Place resolution cost: prints numbers, asserts nothing.

    python tests/bench/places.py

The first place pays for reading the gazetteer, pycountry and GeoNames' cities once per
process; after that every place is dict lookups on folded tokens (and repeated strings, the
usual case in a crawl, are cached).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from jobscraper.normalise import locations  # noqa: E402

STRINGS = [
    "Tel Aviv-Yafo, Israel", "Herzliya Pituach Office", "פתח תקווה", "Israel, Tel Aviv, Herzliya",
    "IL, TA, Tel Aviv", "New York City, NY", "Columbus, OH", "30 North Wall Quay - IFSC, Dublin 1, Leinster, IRL",
    "Remote-GA", "Anywhere in the World", "Algiers, Algeria", "Shanghai Shi", "Kingston, Jamaica", "Various",
    "Bengaluru, Karnataka, India", "London Office", "Europe Only", "2 Locations", "Haifa District", "ירושלים",
]


def per_place(count: int, cached: bool) -> float:
    started = time.perf_counter()
    for n in range(count):
        if not cached:
            locations.parse_place.cache_clear()
        locations.parse_place(STRINGS[n % len(STRINGS)])
    return (time.perf_counter() - started) / count * 1e6


def main() -> None:
    started = time.perf_counter()
    locations.parse_place("Tel Aviv, Israel")
    israel_only = time.perf_counter() - started
    started = time.perf_counter()
    locations.parse_place("Lagos, Nigeria")
    world = time.perf_counter() - started
    print(f"first place (gazetteer, pycountry):      {israel_only * 1000:8.1f} ms")
    print(f"first world city (GeoNames, once):       {world * 1000:8.1f} ms")
    print(f"one place, uncached:                     {per_place(20_000, cached=False):8.1f} µs")
    print(f"one place, repeated string (cached):     {per_place(200_000, cached=True):8.2f} µs")
    started = time.perf_counter()
    for _ in range(2_000):
        locations.resolve([{"text": "Israel", "city": "Haifa", "country": "IL"}, "New York City, NY", "Remote"])
    print(f"one posting, three places, resolved:     {(time.perf_counter() - started) / 2_000 * 1e6:8.1f} µs")


if __name__ == "__main__":
    main()
