from jobscraper.platforms.greenhouse import GreenhouseSpider


class SentinelOneSpider(GreenhouseSpider):
    name = "sentinelone"
    company = "SentinelOne"
    board_token = "sentinellabs"
    careers_url = "https://www.sentinelone.com/jobs/"
