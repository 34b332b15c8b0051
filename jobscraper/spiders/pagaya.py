from jobscraper.platforms.greenhouse import GreenhouseSpider


class PagayaSpider(GreenhouseSpider):
    name = "pagaya"
    company = "Pagaya"
    board_token = "pagaya"
    careers_url = "https://pagaya.com/careers/"
