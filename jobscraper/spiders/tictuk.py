from jobscraper.platforms.comeet import ComeetSpider


class TicTukSpider(ComeetSpider):
    name = "tictuk"
    company = "TicTuk"
    company_uid = "78.002"
    hosted_slug = "tictuk"
    careers_url = "https://www.comeet.com/jobs/tictuk/78.002"
