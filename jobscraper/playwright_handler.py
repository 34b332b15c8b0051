"""scrapy-playwright's download handler over ours (``jobscraper.downloadhandlers``), so a
browser crawl's shutdown cannot race its timeout either.

A module of its own: loading it loads Playwright, which only a browser crawl should pay for
(every crawl imports every spider module, Meta's included).
"""

from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from jobscraper.downloadhandlers import HTTPDownloadHandler


class PlaywrightDownloadHandler(ScrapyPlaywrightDownloadHandler, HTTPDownloadHandler):
    pass
