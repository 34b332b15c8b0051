"""Dropped items are routine here (other countries, duplicates): log them at DEBUG, not as
a WARNING with the whole item; the pipelines count them and log one line per reason."""

import logging

from scrapy.logformatter import LogFormatter


class QuietDropsLogFormatter(LogFormatter):
    def dropped(self, item, exception, response, spider=None):
        entry = super().dropped(item, exception, response, spider)
        entry["level"] = logging.DEBUG
        entry["msg"] = "Dropped: %(exception)s"
        return entry
