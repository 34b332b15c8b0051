"""Search summaries, matching ids and result pages kept between requests until the postings change.

A search's counts come from the facet index in memory (``jobscraper.db.facet_index``, held
here), but the ids a common word matches still cost the database a scan of its matches (75,000
postings for "engineer" on the bench database, tens of milliseconds), and each page of rows a
query; the postings only change when something writes them. Each entry is keyed by the search
and the data version read before the search runs (``jobscraper.db.search.data_version``):

- the newest job event: every posting a crawl creates, updates, removes, reactivates or marks
  stale writes one, batch by batch;
- the newest finished crawl session: a crawl ends after its last batch, so a batch that
  committed after a later-numbered event (two crawls at once) is seen when its crawl finishes.

Entries also expire after ``MAX_AGE``, which bounds what the version cannot see: the
posted-within windows moving with the clock, and writes that leave no event (the facts backfill).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from jobscraper.db.facet_index import LiveFacetIndex

MAX_AGE = 300.0
MAX_ENTRIES = 512

Value = TypeVar("Value")


class SearchCache:
    """A bounded, thread-safe map of recent search answers, oldest used dropped first, and the
    facet index the answers are counted from."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_age: float = MAX_AGE,
                 clock: Callable[[], float] = time.monotonic, background: bool = True) -> None:
        self.facet_index = LiveFacetIndex(max_age=max_age, clock=clock, background=background)
        self.max_entries = max_entries
        self.max_age = max_age
        self.clock = clock
        self._entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, key: Hashable, compute: Callable[[], Value]) -> Value:
        """The stored answer for ``key`` when fresh, else ``compute()`` (stored for next time).

        Callers treat the answer as read-only: it is shared with later requests.
        """
        now = self.clock()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and now - entry[0] <= self.max_age:
                self._entries.move_to_end(key)
                self.hits += 1
                return entry[1]
            self.misses += 1
        value = compute()
        with self._lock:
            self._entries[key] = (now, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
