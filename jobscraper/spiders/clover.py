from jobscraper.platforms.comeet import ComeetSpider


class CloverSecuritySpider(ComeetSpider):
    name = "clover"
    company = "Clover Security"
    company_uid = "7A.00A"
    hosted_slug = "clover_security"
    careers_url = "https://www.comeet.com/jobs/clover_security/7A.00A"
