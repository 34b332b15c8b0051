from jobscraper.platforms.comeet import ComeetSpider


class ZipherSpider(ComeetSpider):
    name = "zipher"
    company = "Zipher"
    company_uid = "4B.00C"
    hosted_slug = "zipher"
    careers_url = "https://www.comeet.com/jobs/zipher/4B.00C"
