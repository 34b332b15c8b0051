from jobscraper.platforms.greenhouse import GreenhouseSpider


class NavanSpider(GreenhouseSpider):
    name = "navan"
    company = "Navan"
    board_token = "tripactions"
    careers_url = "https://navan.com/careers"
