from jobscraper.platforms.greenhouse import GreenhouseSpider


class CymulateSpider(GreenhouseSpider):
    name = "cymulate"
    company = "Cymulate"
    board_token = "cymulate"
    careers_url = "https://job-boards.eu.greenhouse.io/cymulate"
