from jobscraper.platforms.greenhouse import GreenhouseSpider


class QuantHealthSpider(GreenhouseSpider):
    name = "quanthealth"
    company = "QuantHealth"
    board_token = "quanthealth"
    careers_url = "https://boards.eu.greenhouse.io/quanthealth"
