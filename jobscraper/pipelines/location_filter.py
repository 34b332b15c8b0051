"""Location filter: keep postings in the spider's countries (Israel unless it says otherwise).

A posting with several locations is kept when one of them is in a wanted country. A spider sets
``countries = None`` to keep every posting, or another tuple of ISO codes.
"""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from jobscraper.items import JobItem
from jobscraper.normalise.locations import countries_of


class LocationFilterPipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LocationFilterPipeline:
        return cls(crawler)

    def process_item(self, item: JobItem) -> JobItem:
        wanted = getattr(self.crawler.spider, "countries", ("IL",))
        if wanted is None or item.get("seen_only"):
            return item
        texts = [item.get("location") or "", *(item.get("locations") or [])]
        found = countries_of(texts)
        found.update(place["country"] for place in item.get("places") or [] if place.get("country"))
        if item.get("country"):
            found.add(item["country"])
        if found & set(wanted):
            return item
        self.crawler.stats.inc_value("jobscraper/items/filtered_location")
        raise DropItem(f"location {item.get('location')!r} is outside {', '.join(wanted)}")
