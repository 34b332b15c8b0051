from jobscraper.platforms.comeet import ComeetSpider


class SolarEdgeTechnologiesSpider(ComeetSpider):
    name = "solaredge"
    company = "SolarEdge Technologies"
    company_uid = "71.00A"
    hosted_slug = "solaredge"
    careers_url = "https://www.comeet.com/jobs/solaredge/71.00A"
