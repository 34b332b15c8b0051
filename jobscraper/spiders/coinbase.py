from jobscraper.platforms.greenhouse import GreenhouseSpider


class CoinbaseSpider(GreenhouseSpider):
    name = "coinbase"
    company = "Coinbase"
    board_token = "Coinbase"
    careers_url = "https://job-boards.greenhouse.io/coinbase"
