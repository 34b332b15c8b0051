from jobscraper.platforms.greenhouse import GreenhouseSpider


class GongSpider(GreenhouseSpider):
    name = "gong"
    company = "Gong"
    board_token = "gongio"
    careers_url = "https://www.gong.io/careers/"
