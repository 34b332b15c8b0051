from jobscraper.platforms.greenhouse import GreenhouseSpider


class VerifoneSpider(GreenhouseSpider):
    name = "verifone"
    company = "Verifone"
    board_token = "verifone"
    careers_url = "https://job-boards.greenhouse.io/verifone"
