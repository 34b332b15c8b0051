from jobscraper.platforms.greenhouse import GreenhouseSpider


class RiskifiedSpider(GreenhouseSpider):
    name = "riskified"
    company = "Riskified"
    board_token = "riskified"
    careers_url = "https://www.riskified.com/careers/"
