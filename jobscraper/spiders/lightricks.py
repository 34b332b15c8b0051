from jobscraper.platforms.greenhouse import GreenhouseSpider


class LightricksSpider(GreenhouseSpider):
    name = "lightricks"
    company = "Lightricks"
    board_token = "lightricks"
    careers_url = "https://careers.lightricks.com/"
