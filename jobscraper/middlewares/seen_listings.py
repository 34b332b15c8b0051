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


class SeenListingsMiddleware:
    def __init__(self, batch_size: int) -> None:
        self.batch_size = max(1, batch_size)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenListingsMiddleware:
        return cls(crawler.settings.getint("JOBSCRAPER_DB_BATCH_SIZE"))

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterator[Any]:
        pending: list[dict[str, Any]] = []
        for output in result:
            if _is_seen_only(output):
                pending.append(output)
                if len(pending) >= self.batch_size:
                    yield seen_listings(pending)
                    pending = []
            else:
                yield output
        if pending:
            yield seen_listings(pending)

    async def process_spider_output_async(self, response: Any, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        pending: list[dict[str, Any]] = []
        async for output in result:
            if _is_seen_only(output):
                pending.append(output)
                if len(pending) >= self.batch_size:
                    yield seen_listings(pending)
                    pending = []
            else:
                yield output
        if pending:
            yield seen_listings(pending)
