"""An item pipeline with a bug, for the fault scenarios: it raises on chosen items.

Enabled in a crawl subprocess through ``-s ITEM_PIPELINES=...`` with this folder on
``PYTHONPATH``; ``FAULT_RAISE_EVERY=N`` makes it raise on every N-th item (1: every item).
"""

from __future__ import annotations

import os

from scrapy.crawler import Crawler


class RaisingPipeline:
    def __init__(self, every: int) -> None:
        self.every = every
        self.items = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RaisingPipeline:
        return cls(int(os.environ.get("FAULT_RAISE_EVERY", "1")))

    def process_item(self, item):
        self.items += 1
        if self.items % self.every == 0:
            raise KeyError("a data file missing from the deployed egg")
        return item
