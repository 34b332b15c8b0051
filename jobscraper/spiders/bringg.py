from jobscraper.platforms.greenhouse import GreenhouseSpider


class BringgSpider(GreenhouseSpider):
    name = "bringg"
    company = "Bringg"
    board_token = "bringg"
    careers_url = "https://job-boards.greenhouse.io/bringg"
