from jobscraper.platforms.greenhouse import GreenhouseSpider


class TenableSpider(GreenhouseSpider):
    name = "tenable"
    company = "Tenable"
    board_token = "tenableinc"
    careers_url = "https://www.tenable.com/careers"
