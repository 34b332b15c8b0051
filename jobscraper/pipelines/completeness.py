"""Completeness: count the postings parsed whole this crawl, and how many of them came without
a description, a location or a date. The health findings read these counts from the session's
stats to tell a board whose descriptions went blank from one that never had them."""

from __future__ import annotations

from scrapy.crawler import Crawler

from jobscraper.items import JobItem

PARSED_STAT = "jobscraper/parsed/postings"
BLANK_STAT = "jobscraper/parsed/blank_{}"
CHECKED = {"description": ("description_text",), "location": ("location", "city"), "date": ("posted_at",)}


class CompletenessPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CompletenessPipeline:
        return cls(crawler)

    def process_item(self, item: JobItem) -> JobItem:
        if item.get("seen_only"):
            return item
        self.stats.inc_value(PARSED_STAT)
        for name, fields in CHECKED.items():
            if not any(_present(item.get(field)) for field in fields):
                self.stats.inc_value(BLANK_STAT.format(name))
        return item


def _present(value: object) -> bool:
    return bool(value.strip()) if isinstance(value, str) else value is not None
