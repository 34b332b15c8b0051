from jobscraper.platforms.greenhouse import GreenhouseSpider


class NanitSpider(GreenhouseSpider):
    name = "nanit"
    company = "Nanit"
    board_token = "nanit"
    careers_url = "https://job-boards.greenhouse.io/nanit"
