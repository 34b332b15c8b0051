from jobscraper.platforms.greenhouse import GreenhouseSpider


class TransmitSecuritySpider(GreenhouseSpider):
    name = "transmitsecurity"
    company = "Transmit Security"
    board_token = "transmitsecurity"
    careers_url = "https://transmitsecurity.com/about/careers"
