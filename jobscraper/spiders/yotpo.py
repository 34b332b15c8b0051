from jobscraper.platforms.greenhouse import GreenhouseSpider


class YotpoSpider(GreenhouseSpider):
    name = "yotpo"
    company = "Yotpo"
    board_token = "yotpo"
    careers_url = "https://job-boards.greenhouse.io/yotpo"
