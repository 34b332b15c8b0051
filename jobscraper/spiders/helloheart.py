from jobscraper.platforms.greenhouse import GreenhouseSpider


class HelloHeartSpider(GreenhouseSpider):
    name = "helloheart"
    company = "Hello Heart"
    board_token = "helloheart"
    careers_url = "https://job-boards.greenhouse.io/helloheart"
