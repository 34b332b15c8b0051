from jobscraper.platforms.greenhouse import GreenhouseSpider


class TorqSpider(GreenhouseSpider):
    name = "torq"
    company = "Torq"
    board_token = "torq"
    careers_url = "https://job-boards.greenhouse.io/torq"
