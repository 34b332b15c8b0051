"""The stored place facts of a platform's items: each item through the normalise pipeline."""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.utils.test import get_crawler

from jobscraper.pipelines.normalise import NormalisePipeline


def normalised(spider, item) -> dict[str, Any]:
    crawler = get_crawler(type(spider))
    crawler.spider = spider
    return ItemAdapter(NormalisePipeline(crawler).process_item(item.copy())).asdict()


def place_of(spider, item) -> tuple[Any, Any, Any]:
    """(city, region, country) of the primary place as stored."""
    found = normalised(spider, item)
    return found["city"], found["region"], found["country"]


def cities_of(spider, item) -> list[str | None]:
    return [place["city"] for place in normalised(spider, item)["places"] or []]
