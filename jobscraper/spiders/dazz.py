from jobscraper.platforms.greenhouse import GreenhouseSpider


class DazzSpider(GreenhouseSpider):
    name = "dazz"
    company = "Dazz"
    board_token = "dazzinc"
    careers_url = "https://www.dazz.io/careers"
