from jobscraper.platforms.greenhouse import GreenhouseSpider


class SimilarwebSpider(GreenhouseSpider):
    name = "similarweb"
    company = "Similarweb"
    board_token = "similarweb"
    careers_url = "https://www.similarweb.com/corp/careers/"
