from jobscraper.platforms.greenhouse import GreenhouseSpider


class ElasticSpider(GreenhouseSpider):
    name = "elastic"
    company = "Elastic"
    board_token = "elastic"
    careers_url = "https://www.elastic.co/careers"
