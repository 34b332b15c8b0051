from jobscraper.platforms.greenhouse import GreenhouseSpider


class AivenSpider(GreenhouseSpider):
    name = "aiven"
    company = "Aiven"
    board_token = "aiven36"
    careers_url = "https://aiven.io/careers"
