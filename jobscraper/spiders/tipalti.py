from jobscraper.platforms.greenhouse import GreenhouseSpider


class TipaltiSpider(GreenhouseSpider):
    name = "tipalti"
    company = "Tipalti"
    board_token = "tipaltisolutions"
    careers_url = "https://tipalti.com/careers/"
