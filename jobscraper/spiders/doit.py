from jobscraper.platforms.greenhouse import GreenhouseSpider


class DoiTSpider(GreenhouseSpider):
    name = "doit"
    company = "DoiT"
    board_token = "doitintl"
    careers_url = "https://job-boards.greenhouse.io/doitintl"
