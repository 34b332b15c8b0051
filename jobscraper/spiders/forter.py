from jobscraper.platforms.greenhouse import GreenhouseSpider


class ForterSpider(GreenhouseSpider):
    name = "forter"
    company = "Forter"
    board_token = "forter"
    careers_url = "https://job-boards.greenhouse.io/forter"
