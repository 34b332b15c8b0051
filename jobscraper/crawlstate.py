"""The state of one crawl, and how a posting becomes seen.

The crawl-session extension (``jobscraper.extensions.crawl_session``) creates one
``CrawlState`` when the spider opens, after it has taken the company's crawl lock and opened
the ``scraping_sessions`` row, and hands it out through the crawler (``state_of(crawler)``).
Nothing else creates or replaces it; it is gone with the crawler.

How a posting becomes seen:

1. The spider yields a ``JobItem`` for each posting it lists. A platform that fetches a detail
   page per posting reads ``spider.known_listings`` (the stored postings' listing
   fingerprints, the same dict as ``CrawlState.known_listings``; loaded only when the spider's
   ``wants_known_listings`` says so) and yields a ``seen_only`` item instead of fetching an
   unchanged posting's detail again.
2. The pipelines (``ITEM_PIPELINES``) normalise the item, validate it, filter it by country
   and drop duplicates. A drop is on purpose and counted by reason in the stats
   (``jobscraper/items/...``); a stored posting that arrives invalid becomes ``seen_only``.
3. The database diff buffers the item and writes it in a batch on the crawl's database thread.
   Only when the batch has committed are its external ids added to ``CrawlState.seen`` and
   counted as new, updated, unchanged or reactivated.
4. An item that fails instead — any exception in a pipeline (Scrapy's ``item_error``) or a row
   the database refuses — is an *item error*: its posting counts as seen (its stored version is
   kept), and the crawl cannot be healthy. A batch that fails is split until the failing row is
   alone, so one bad posting costs only itself.
5. When the spider closes, the extension compares the company's active postings with
   ``seen``: the unseen ones are removed only if the removal guard (``decide_removal``) finds
   the crawl complete and healthy — finished, every listing page read, no spider exception and
   no item error — and the removal not suspiciously large.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from scrapy.crawler import Crawler
from sqlalchemy import Engine

from jobscraper.db.thread import DatabaseThread
from jobscraper.seen import SeenIds

WRITTEN_OUTCOMES = ("new", "updated", "unchanged", "reactivated")


@dataclass(eq=False)
class CrawlState:
    engine: Engine
    database: DatabaseThread  # every database call of the crawl runs here, in order
    company_id: int
    session_id: int
    started_at: datetime
    active_before: int
    held_before: int  # consecutive earlier crawls whose removal the guard held back
    # A VC board: its view is its listings (jobscraper.db.boards), not postings of its own.
    board: bool = False
    # external_id -> listing fingerprint of the company's active postings (when wanted)
    known_listings: dict[str, str | None] = field(default_factory=dict)
    # external ids written by the diff, or kept as they are stored after an item error
    seen: SeenIds = field(default_factory=SeenIds)
    # items by what became of them: new, updated, unchanged, reactivated, dropped, error
    outcomes: Counter[str] = field(default_factory=Counter)

    @property
    def item_errors(self) -> int:
        return self.outcomes["error"]

    @property
    def written(self) -> int:
        return sum(self.outcomes[name] for name in WRITTEN_OUTCOMES)

    def item_failed(self, external_id: object) -> None:
        """An item that raised or could not be written: an error, and its posting stays seen."""
        self.outcomes["error"] += 1
        if external_id is not None and str(external_id):
            self.seen.add(str(external_id))


def attach(crawler: Crawler, state: CrawlState | None) -> None:
    crawler.crawl_state = state  # type: ignore[attr-defined]


def state_of(crawler: Crawler) -> CrawlState | None:
    """The crawl's state, or None before the session opened (or when it could not open)."""
    return getattr(crawler, "crawl_state", None)


def count_dropped(crawler: Crawler, count: int = 1) -> None:
    """Postings a pipeline dropped (another country, a duplicate, invalid)."""
    state = state_of(crawler)
    if state is not None:
        state.outcomes["dropped"] += count
