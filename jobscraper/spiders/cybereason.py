from jobscraper.platforms.greenhouse import GreenhouseSpider


class CybereasonSpider(GreenhouseSpider):
    name = "cybereason"
    company = "Cybereason"
    board_token = "cybereason"
    careers_url = "https://job-boards.greenhouse.io/cybereason"
