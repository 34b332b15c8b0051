from jobscraper.platforms.greenhouse import GreenhouseSpider


class PayoneerSpider(GreenhouseSpider):
    name = "payoneer"
    company = "Payoneer"
    board_token = "payoneer"
    careers_url = "https://careers.payoneer.com/"
