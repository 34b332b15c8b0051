from jobscraper.platforms.greenhouse import GreenhouseSpider


class InnovidSpider(GreenhouseSpider):
    name = "innovid"
    company = "Innovid"
    board_token = "innovid"
    careers_url = "https://job-boards.greenhouse.io/innovid"
