from jobscraper.platforms.greenhouse import GreenhouseSpider


class OptimoveSpider(GreenhouseSpider):
    name = "optimove"
    company = "Optimove"
    board_token = "optimove"
    careers_url = "https://www.optimove.com/careers"
