from jobscraper.platforms.greenhouse import GreenhouseSpider


class MixtilesSpider(GreenhouseSpider):
    name = "mixtiles"
    company = "Mixtiles"
    board_token = "mixtiles"
    careers_url = "https://job-boards.greenhouse.io/mixtiles"
