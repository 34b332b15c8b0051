"""Dropped items are routine here (other countries, duplicates): log them at DEBUG, not as
a WARNING with the whole item; the pipelines count them and log one line per reason. A page's
unchanged postings (one ``seen_listings`` item) are logged as their count, not 500 entries."""

import logging

from scrapy.logformatter import LogFormatter

from jobscraper.middlewares.seen_listings import entries_of


class QuietDropsLogFormatter(LogFormatter):
    def dropped(self, item, exception, response, spider=None):
        entry = super().dropped(item, exception, response, spider)
        entry["level"] = logging.DEBUG
        entry["msg"] = "Dropped: %(exception)s"
        return entry

    def scraped(self, item, response, spider):
        entry = super().scraped(item, response, spider)
        entries = entries_of(item)
        if entries is not None:
            entry["args"] = {**entry["args"], "item": f"{len(entries)} unchanged postings"}
        return entry
