from jobscraper.platforms.comeet import ComeetSpider


class BeewiseSpider(ComeetSpider):
    name = "beewise"
    company = "Beewise"
    company_uid = "0B.001"
    hosted_slug = "beewise"
    careers_url = "https://www.comeet.com/jobs/beewise/0B.001"
