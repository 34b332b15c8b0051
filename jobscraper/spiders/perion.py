from jobscraper.platforms.greenhouse import GreenhouseSpider


class PerionSpider(GreenhouseSpider):
    name = "perion"
    company = "Perion"
    board_token = "perionnetworkltd"
    careers_url = "https://job-boards.greenhouse.io/perionnetworkltd"
