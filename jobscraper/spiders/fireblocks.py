from jobscraper.platforms.greenhouse import GreenhouseSpider


class FireblocksSpider(GreenhouseSpider):
    name = "fireblocks"
    company = "Fireblocks"
    board_token = "fireblocks"
    careers_url = "https://www.fireblocks.com/careers"
