from jobscraper.platforms.greenhouse import GreenhouseSpider


class WizSpider(GreenhouseSpider):
    name = "wiz"
    company = "Wiz"
    board_token = "wizinc"
    careers_url = "https://www.wiz.io/careers"
