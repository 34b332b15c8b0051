"""Running the crawler rather than crawling: cron lines, scrapyd deployment and runs, the
crawlall run and its summary, and console output."""
