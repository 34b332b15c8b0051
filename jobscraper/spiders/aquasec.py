from jobscraper.platforms.comeet import ComeetSpider


class AquaSecuritySpider(ComeetSpider):
    name = "aquasec"
    company = "Aqua Security"
    company_uid = "91.001"
    hosted_slug = "aquasec"
    careers_url = "https://www.comeet.com/jobs/aquasec/91.001"
