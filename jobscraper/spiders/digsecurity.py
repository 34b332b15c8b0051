from jobscraper.platforms.comeet import ComeetSpider


class DigSecuritySpider(ComeetSpider):
    name = "digsecurity"
    company = "Dig Security"
    company_uid = "E7.00B"
    hosted_slug = "dig"
    careers_url = "https://www.comeet.com/jobs/dig/E7.00B"
