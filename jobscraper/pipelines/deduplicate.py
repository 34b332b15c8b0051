"""Deduplicate: the same external id twice in one crawl is stored once."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from jobscraper.items import JobItem
from jobscraper.seen import SeenIds


class DeduplicatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.seen = SeenIds()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeduplicatePipeline:
        return cls(crawler)

    def process_item(self, item: JobItem) -> JobItem:
        external_id = item["external_id"]
        if not self.seen.add(external_id):
            self.stats.inc_value("jobscraper/items/duplicate")
            raise DropItem(f"duplicate posting {external_id}")
        return item
