"""Deduplicate: the same external id twice in one crawl is stored once."""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from jobscraper.items import JobItem


class DeduplicatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DeduplicatePipeline:
        return cls(crawler)

    def process_item(self, item: JobItem) -> JobItem:
        external_id = ItemAdapter(item)["external_id"]
        if external_id in self.seen:
            self.stats.inc_value("jobscraper/items/duplicate")
            raise DropItem(f"duplicate posting {external_id}")
        self.seen.add(external_id)
        return item
