from jobscraper.platforms.lever import LeverSpider


class ParallelWirelessSpider(LeverSpider):
    name = "parallelwireless"
    company = "Parallel Wireless"
    site = "parallelwireless"
    careers_url = "https://www.parallelwireless.com/careers/"
