from jobscraper.platforms.greenhouse import GreenhouseSpider


class BigIDSpider(GreenhouseSpider):
    name = "bigid"
    company = "BigID"
    board_token = "bigid"
    careers_url = "https://bigid.com/company/careers/"
