from jobscraper.platforms.greenhouse import GreenhouseSpider


class DudaSpider(GreenhouseSpider):
    name = "duda"
    company = "Duda"
    board_token = "duda"
    careers_url = "https://job-boards.greenhouse.io/duda"
