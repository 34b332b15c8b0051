"""A test extension: the most items in the pipelines, and responses in the scraper, at once.

Sampled each time an item leaves the pipelines; written as JSON to ``INFLIGHT_FILE`` when the
spider closes. Everything in flight is walked by each full garbage collection, with the
reactor stopped, so these numbers bound the longest one."""

from __future__ import annotations

import json
import os
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler


class InFlightProbe:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.most_items = 0
        self.most_responses = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> InFlightProbe:
        probe = cls(crawler)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(probe.sample, signal=signal)
        crawler.signals.connect(probe.report, signal=signals.spider_closed)
        return probe

    def sample(self) -> None:
        slot = self.crawler.engine.scraper.slot
        self.most_items = max(self.most_items, slot.itemproc_size)
        self.most_responses = max(self.most_responses, len(slot.active))

    def report(self) -> None:
        Path(os.environ["INFLIGHT_FILE"]).write_text(
            json.dumps({"most_items": self.most_items, "most_responses": self.most_responses}))
