from jobscraper.platforms.greenhouse import GreenhouseSpider


class NexxenSpider(GreenhouseSpider):
    name = "nexxen"
    company = "Nexxen"
    board_token = "nexxen"
    careers_url = "https://nexxen.com/careers/"
