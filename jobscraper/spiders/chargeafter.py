from jobscraper.platforms.comeet import ComeetSpider


class ChargeAfterSpider(ComeetSpider):
    name = "chargeafter"
    company = "ChargeAfter"
    company_uid = "C5.004"
    hosted_slug = "chargeafter"
    careers_url = "https://www.comeet.com/jobs/chargeafter/C5.004"
