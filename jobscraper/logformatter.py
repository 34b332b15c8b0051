"""Dropped items are routine here (other countries, duplicates): log them at DEBUG, not as
a WARNING with the whole item; the pipelines count them and log one line per reason. A page's
unchanged postings (one ``seen_listings`` item) are logged as their count, not 500 entries.
Above DEBUG, scraped items are not logged at all: Scrapy would build a record per item for a
handler that drops it."""

import logging

from scrapy.logformatter import LogFormatter

from jobscraper.middlewares.seen_listings import entries_of


class QuietDropsLogFormatter(LogFormatter):
    logs_scraped = True

    @classmethod
    def from_crawler(cls, crawler):
        formatter = cls()
        formatter.logs_scraped = crawler.settings.getbool("LOG_ENABLED") and \
            _level(crawler.settings.get("LOG_LEVEL")) <= logging.DEBUG
        return formatter

    def dropped(self, item, exception, response, spider=None):
        entry = super().dropped(item, exception, response, spider)
        entry["level"] = logging.DEBUG
        entry["msg"] = "Dropped: %(exception)s"
        return entry

    def scraped(self, item, response, spider):
        if not self.logs_scraped:
            return None
        entry = super().scraped(item, response, spider)
        entries = entries_of(item)
        if entries is not None:
            entry["args"] = {**entry["args"], "item": f"{len(entries)} unchanged postings"}
        return entry


def _level(value: object) -> int:
    """A ``LOG_LEVEL`` setting as a number; an unknown one counts as DEBUG (everything logged)."""
    level = value if isinstance(value, int) else logging.getLevelName(str(value).upper())
    return level if isinstance(level, int) else logging.DEBUG
