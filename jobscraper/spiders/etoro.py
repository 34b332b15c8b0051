from jobscraper.platforms.comeet import ComeetSpider


class EToroSpider(ComeetSpider):
    name = "etoro"
    company = "eToro"
    company_uid = "41.009"
    hosted_slug = "etoro"
    careers_url = "https://www.comeet.com/jobs/etoro/41.009"
