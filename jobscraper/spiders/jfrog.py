from jobscraper.platforms.greenhouse import GreenhouseSpider


class JFrogSpider(GreenhouseSpider):
    name = "jfrog"
    company = "JFrog"
    board_token = "jfrog"
    careers_url = "https://join.jfrog.com/"
