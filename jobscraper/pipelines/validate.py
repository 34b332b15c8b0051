"""Validate: a posting without an id, a title or an http(s) URL, or with an id longer than the
database keeps, is dropped, counted by reason.

A stored posting whose listing row arrives without its title or URL is still listed: it counts
as seen (and unchanged) rather than being dropped and then removed as unseen.
"""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from jobscraper.crawlstate import state_of
from jobscraper.items import JobItem

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
        required = ("external_id",) if item.get("seen_only") else REQUIRED
        missing = next((field for field in required if not item.get(field)), None)
        if missing is not None:
            reason = f"missing_{missing}"
        elif len(item["external_id"]) > EXTERNAL_ID_LIMIT:
            reason = "external_id_too_long"
        else:
            return item
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
        state = state_of(self.crawler)
        known = state.known_listings if state is not None else {}
        external_id = item.get("external_id")
        if external_id and reason != "external_id_too_long" and str(external_id) in known:
            return JobItem(company=item.get("company"), external_id=str(external_id),
                           listing_fingerprint=known[str(external_id)], seen_only=True)
        raise DropItem(reason)
