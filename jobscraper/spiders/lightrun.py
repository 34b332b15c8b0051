from jobscraper.platforms.greenhouse import GreenhouseSpider


class LightrunSpider(GreenhouseSpider):
    name = "lightrun"
    company = "Lightrun"
    board_token = "lightrun"
    careers_url = "https://job-boards.greenhouse.io/lightrun"
