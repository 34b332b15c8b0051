from jobscraper.platforms.comeet import ComeetSpider


class TikalSpider(ComeetSpider):
    name = "tikal"
    company = "Tikal"
    company_uid = "68.00C"
    hosted_slug = "tikalk"
    careers_url = "https://www.comeet.com/jobs/tikalk/68.00C"
