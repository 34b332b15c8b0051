"""One item for a page's unchanged postings, not one each.

Most postings of a daily crawl are ``seen_only`` items: still listed, unchanged, nothing but an
id. Scrapy's cost per item (the spider middlewares' generators, a task, the pipeline chain, the
item signals) was most of a steady-state day's CPU. This spider middleware, first after the
spider, gathers the ``seen_only`` items of each callback's output into one ``seen_listings`` item (at most
``JOBSCRAPER_DB_BATCH_SIZE`` entries) that the pipelines take as a whole: validation and
deduplication filter its entries, the diff writes them in its batches, and an exception in any
pipeline counts every entry as an item error whose posting stays seen
(``jobscraper.extensions.crawl_session``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy.crawler import Crawler


def seen_listings(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {"company": entries[0].get("company"), "seen_only": True, "seen_listings": entries}


def entries_of(item: Any) -> list[dict[str, Any]] | None:
    """The entries of a ``seen_listings`` item; None for any other item."""
    return item.get("seen_listings") if isinstance(item, dict) else None


def _is_seen_only(output: Any) -> bool:
    return type(output) is dict and output.get("seen_only") is True and "seen_listings" not in output


class _Gathering:
    """The ``seen_only`` items of one callback's output, given out in batches."""

    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        self.pending: list[dict[str, Any]] = []

    def passed(self, output: Any) -> list[Any]:
        """What to yield for one output: itself, nothing (gathered), or a full batch."""
        if not _is_seen_only(output):
            return [output]
        self.pending.append(output)
        if len(self.pending) < self.batch_size:
            return []
        batch, self.pending = self.pending, []
        return [seen_listings(batch)]

    def rest(self) -> list[Any]:
        return [seen_listings(self.pending)] if self.pending else []


class SeenListingsMiddleware:
    def __init__(self, batch_size: int) -> None:
        self.batch_size = max(1, batch_size)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenListingsMiddleware:
        return cls(crawler.settings.getint("JOBSCRAPER_DB_BATCH_SIZE"))

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterator[Any]:
        gathering = _Gathering(self.batch_size)
        for output in result:
            yield from gathering.passed(output)
        yield from gathering.rest()

    async def process_spider_output_async(self, response: Any, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        gathering = _Gathering(self.batch_size)
        async for output in result:
            for passed in gathering.passed(output):
                yield passed
        for passed in gathering.rest():
            yield passed
