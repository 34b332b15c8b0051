"""Validate: a posting without an id, a title or a URL is dropped, counted by reason.

A stored posting whose listing row arrives without its title or URL is still listed: it counts
as seen (and unchanged) rather than being dropped and then removed as unseen.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from jobscraper.crawlstate import state_of
from jobscraper.items import JobItem

REQUIRED = ("external_id", "title", "url")


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.logged_reasons: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: JobItem) -> JobItem:
        adapter = ItemAdapter(item)
        required = ("external_id",) if adapter.get("seen_only") else REQUIRED
        missing = next((field for field in required if not adapter.get(field)), None)
        if missing is None:
            return item
        reason = f"missing_{missing}"
        stats = self.crawler.stats
        stats.inc_value("jobscraper/items/invalid")
        stats.inc_value(f"jobscraper/items/invalid/{reason}")
        if reason not in self.logged_reasons:
            self.logged_reasons.add(reason)
            example = adapter.get("external_id") or adapter.get("title") or adapter.get("url")
            self.crawler.spider.logger.warning(
                "dropping postings with %s (e.g. %r); counted in jobscraper/items/invalid/%s",
                reason.replace("_", " "), example, reason,
            )
        state = state_of(self.crawler)
        known = state.known_listings if state is not None else {}
        external_id = adapter.get("external_id")
        if external_id and str(external_id) in known:
            return JobItem(company=adapter.get("company"), external_id=str(external_id),
                           listing_fingerprint=known[str(external_id)], seen_only=True)
        raise DropItem(reason)
