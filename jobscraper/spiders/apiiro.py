from jobscraper.platforms.greenhouse import GreenhouseSpider


class ApiiroSpider(GreenhouseSpider):
    name = "apiiro"
    company = "Apiiro"
    board_token = "apiiro"
    careers_url = "https://job-boards.greenhouse.io/apiiro"
