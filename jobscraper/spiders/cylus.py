from jobscraper.platforms.greenhouse import GreenhouseSpider


class CylusSpider(GreenhouseSpider):
    name = "cylus"
    company = "Cylus"
    board_token = "cyluscybersecurity"
    careers_url = "https://job-boards.greenhouse.io/cyluscybersecurity"
