from jobscraper.platforms.greenhouse import GreenhouseSpider


class SweetSecuritySpider(GreenhouseSpider):
    name = "sweetsecurity"
    company = "Sweet Security"
    board_token = "sweetsecurity"
    careers_url = "https://job-boards.greenhouse.io/sweetsecurity"
