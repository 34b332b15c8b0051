from jobscraper.platforms.greenhouse import GreenhouseSpider


class RubrikSpider(GreenhouseSpider):
    name = "rubrik"
    company = "Rubrik"
    board_token = "rubrik"
    careers_url = "https://www.rubrik.com/company/careers"
