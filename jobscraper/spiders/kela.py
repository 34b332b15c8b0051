from jobscraper.platforms.comeet import ComeetSpider


class KelaTechnologiesSpider(ComeetSpider):
    name = "kela"
    company = "Kela Technologies"
    company_uid = "2A.007"
    hosted_slug = "kelatechnologies"
    careers_url = "https://www.comeet.com/jobs/kelatechnologies/2A.007"
