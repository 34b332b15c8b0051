from jobscraper.platforms.greenhouse import GreenhouseSpider


class CapitolisSpider(GreenhouseSpider):
    name = "capitolis"
    company = "Capitolis"
    board_token = "capitolis"
    careers_url = "https://capitolis.com/careers/"
