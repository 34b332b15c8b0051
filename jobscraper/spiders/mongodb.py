from jobscraper.platforms.greenhouse import GreenhouseSpider


class MongoDBSpider(GreenhouseSpider):
    name = "mongodb"
    company = "MongoDB"
    board_token = "mongodb"
    careers_url = "https://job-boards.greenhouse.io/mongodb"
