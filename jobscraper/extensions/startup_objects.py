"""The objects built before a crawl starts leave the garbage collector's full collections.

A full (generation 2) collection of the cyclic garbage collector walks every tracked object
and holds the GIL while it does. In a crawl, most of those objects are the modules, classes
and functions imported at start-up, which live as long as the process: full collections
stopped the reactor for 120–220 ms in a 12,000-posting crawl, longer as the heap grew. Once
the engine has started, ``gc.freeze()`` moves everything alive to the permanent generation,
which collections skip; what the crawl allocates afterwards is collected as before. In
``crawlall`` each crawler's start freezes what exists by then.
"""

from __future__ import annotations

import gc

from scrapy import signals
from scrapy.crawler import Crawler


class FreezeStartupObjects:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FreezeStartupObjects:
        extension = cls()
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        return extension

    def engine_started(self) -> None:
        gc.freeze()
