from jobscraper.platforms.greenhouse import GreenhouseSpider


class EonSpider(GreenhouseSpider):
    name = "eon"
    company = "Eon"
    board_token = "eonio"
    careers_url = "https://www.eon.io/careers"
