from jobscraper.platforms.greenhouse import GreenhouseSpider


class SaltSecuritySpider(GreenhouseSpider):
    name = "saltsecurity"
    company = "Salt Security"
    board_token = "saltsecurity"
    careers_url = "https://job-boards.greenhouse.io/saltsecurity"
