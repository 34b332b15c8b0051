from jobscraper.platforms.comeet import ComeetSpider


class LegitSecuritySpider(ComeetSpider):
    name = "legitsecurity"
    company = "Legit Security"
    company_uid = "37.004"
    hosted_slug = "legitsecurity.com"
    careers_url = "https://www.comeet.com/jobs/legitsecurity.com/37.004"
