"""The fixture server with routes indexed by method and path, for worlds of 100k+ routes.

``tests/fixtureserver.py`` scans its route list per request, which is right for tests of a few
routes and far too slow for a benchmark world. This subclass answers the same way (last added
route wins, query subset match) from a dict, and records only what the bench reads: per request
its path, its kind (listing or detail) and when it arrived.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fixtureserver import FixtureServer, Route  # noqa: E402

from world import Route as WorldRoute  # noqa: E402


class BenchServer(FixtureServer):
    def __init__(self, latency: float = 0.0) -> None:
        super().__init__(latency=latency)
        # A crawl opens dozens of connections at once: the default backlog of 5 drops SYNs
        # (a client then waits seconds to retry, which would be measured as crawl time).
        self._httpd.socket.listen(1024)
        self._index: dict[tuple[str, str], list[Route]] = {}
        self.kinds: dict[tuple[str, str], str] = {}
        self.hits: list[tuple[float, str]] = []  # (arrival, kind)
        self._hits_lock = threading.Lock()

    def load_world(self, routes: list[WorldRoute] | object) -> int:
        """Replace every route with the given world routes (a day of the world)."""
        self._index = {}
        self.kinds = {}
        count = 0
        for world_route in routes:
            route = Route("GET", world_route.path, world_route.body,
                          headers={"Content-Type": "application/json; charset=utf-8"},
                          query=dict(world_route.query))
            self._index.setdefault(("GET", route.path), []).append(route)
            self.kinds[("GET", route.path)] = world_route.kind
            count += 1
        return count

    def reset_counts(self) -> None:
        with self._hits_lock:
            self.hits = []

    def counts(self) -> Counter:
        with self._hits_lock:
            return Counter(kind for _, kind in self.hits)

    def _answer(self, method: str, raw_path: str, body: bytes, headers: dict[str, str]) -> Route | None:
        parts = urlsplit(raw_path)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        kind = self.kinds.get((method, parts.path), "unmatched")
        with self._hits_lock:
            self.hits.append((time.monotonic(), kind))
        for route in reversed(self._index.get((method, parts.path), ())):
            if route.matches(method, parts.path, query, None):
                return route
        return None
