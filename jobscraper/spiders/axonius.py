from jobscraper.platforms.greenhouse import GreenhouseSpider


class AxoniusSpider(GreenhouseSpider):
    name = "axonius"
    company = "Axonius"
    board_token = "axonius"
    careers_url = "https://job-boards.greenhouse.io/axonius"
