from jobscraper.platforms.comeet import ComeetSpider


class FactifySpider(ComeetSpider):
    name = "factify"
    company = "Factify"
    company_uid = "A9.00F"
    hosted_slug = "factify"
    careers_url = "https://www.comeet.com/jobs/factify/A9.00F"
