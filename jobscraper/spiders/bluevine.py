from jobscraper.platforms.greenhouse import GreenhouseSpider


class BluevineSpider(GreenhouseSpider):
    name = "bluevine"
    company = "Bluevine"
    board_token = "bluevineus"
    careers_url = "https://job-boards.greenhouse.io/bluevineus"
