"""Validate: a posting without an id, a title or an http(s) URL, or with an id longer than the
database keeps, is dropped, counted by reason.

A stored posting whose listing row arrives without its title or URL is still listed: it counts
as seen (and unchanged) rather than being dropped and then removed as unseen.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from jobscraper.crawlstate import count_dropped, state_of
from jobscraper.items import JobItem
from jobscraper.middlewares.seen_listings import entries_of

logger = logging.getLogger(__name__)

REQUIRED = ("external_id", "title", "url")
EXTERNAL_ID_LIMIT = 255  # job_positions.external_id


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.logged_reasons: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: JobItem) -> JobItem:
        entries = entries_of(item)
        if entries is not None:
            item["seen_listings"] = self._valid_entries(entries)
            return item
        reason = self._invalid_reason(item)
        if reason is None:
            return item
        return self._reject(item, reason)

    def _valid_entries(self, entries: list[dict]) -> list[dict]:
        """An unchanged posting's entry is only an id: one that is missing or too long is dropped."""
        kept = []
        for entry in entries:
            reason = self._invalid_reason(entry)
            if reason is None:
                kept.append(entry)
            else:
                self._count(entry, reason)
                count_dropped(self.crawler)
        return kept

    def _invalid_reason(self, item: JobItem | dict) -> str | None:
        required = ("external_id",) if item.get("seen_only") else REQUIRED
        missing = next((field for field in required if not item.get(field)), None)
        if missing is not None:
            return f"missing_{missing}"
        if len(item["external_id"]) > EXTERNAL_ID_LIMIT:
            return "external_id_too_long"
        return None

    def _reject(self, item: JobItem, reason: str) -> JobItem:
        """Count the reason; a stored posting stays seen, any other is dropped."""
        self._count(item, reason)
        state = state_of(self.crawler)
        known = state.known_listings if state is not None else {}
        external_id = item.get("external_id")
        if external_id and reason != "external_id_too_long" and str(external_id) in known:
            return JobItem(company=item.get("company"), external_id=str(external_id),
                           listing_fingerprint=known[str(external_id)], seen_only=True)
        raise DropItem(reason)

    def _count(self, item: JobItem | dict, reason: str) -> None:
        stats = self.crawler.stats
        stats.inc_value("jobscraper/items/invalid")
        stats.inc_value(f"jobscraper/items/invalid/{reason}")
        if reason not in self.logged_reasons:
            self.logged_reasons.add(reason)
            example = str(item.get("external_id") or item.get("title") or item.get("url"))[:100]
            logger.warning(
                "dropping postings with %s (e.g. %r); counted in jobscraper/items/invalid/%s",
                reason.replace("_", " "), example, reason,
            )
