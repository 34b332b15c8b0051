from jobscraper.platforms.greenhouse import GreenhouseSpider


class PonteraSpider(GreenhouseSpider):
    name = "pontera"
    company = "Pontera"
    board_token = "pontera"
    careers_url = "https://job-boards.greenhouse.io/pontera"
