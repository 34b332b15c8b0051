from jobscraper.platforms.greenhouse import GreenhouseSpider


class AtBaySpider(GreenhouseSpider):
    name = "atbay"
    company = "At-Bay"
    board_token = "atbayjobs"
    careers_url = "https://job-boards.greenhouse.io/atbayjobs"
