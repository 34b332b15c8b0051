from jobscraper.platforms.greenhouse import GreenhouseSpider


class AugurySpider(GreenhouseSpider):
    name = "augury"
    company = "Augury"
    board_token = "augury"
    careers_url = "https://job-boards.greenhouse.io/augury"
