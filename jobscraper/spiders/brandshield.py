from jobscraper.platforms.comeet import ComeetSpider


class BrandShieldSpider(ComeetSpider):
    name = "brandshield"
    company = "BrandShield"
    company_uid = "13.002"
    hosted_slug = "brandshield"
    careers_url = "https://www.comeet.com/jobs/brandshield/13.002"
