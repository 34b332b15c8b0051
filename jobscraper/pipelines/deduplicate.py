"""Deduplicate: the same external id twice in one crawl is stored once."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from jobscraper.crawlstate import count_dropped
from jobscraper.items import JobItem
from jobscraper.middlewares.seen_listings import entries_of
from jobscraper.seen import SeenIds


class DeduplicatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.seen = SeenIds()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeduplicatePipeline:
        return cls(crawler)

    def close_spider(self) -> None:
        self.seen.clear()  # 8 MB at 500,000 postings, free before the crawl's closing reads

    def process_item(self, item: JobItem) -> JobItem:
        entries = entries_of(item)
        if entries is not None:
            item["seen_listings"] = [entry for entry in entries if self.seen.add(entry["external_id"])]
            duplicates = len(entries) - len(item["seen_listings"])
            if duplicates:
                self.stats.inc_value("jobscraper/items/duplicate", duplicates)
                count_dropped(self.crawler, duplicates)
            return item
        external_id = item["external_id"]
        if not self.seen.add(external_id):
            self.stats.inc_value("jobscraper/items/duplicate")
            raise DropItem(f"duplicate posting {external_id}")
        return item
