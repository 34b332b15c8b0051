from jobscraper.platforms.comeet import ComeetSpider


class NativeSpider(ComeetSpider):
    name = "native"
    company = "Native"
    company_uid = "5A.00A"
    hosted_slug = "native"
    careers_url = "https://www.comeet.com/jobs/native/5A.00A"
