"""The exit codes of every ``scrapy`` command of jobscraper, defined once.

A bad argument exits 2: Scrapy's own code for a ``UsageError``, which the commands raise.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1  # the work failed, or the database cannot be reached
EXIT_USAGE = 2  # a bad argument, for commands that end themselves rather than raise UsageError
EXIT_PARTIAL = 3  # the crawl completed only partly: removals skipped
EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE: a scrapyd node did not answer or refused a job
EXIT_LOCKED = 75  # EX_TEMPFAIL: another crawl of the company is running; try later
