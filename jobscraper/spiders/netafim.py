from jobscraper.platforms.comeet import ComeetSpider


class NetafimSpider(ComeetSpider):
    name = "netafim"
    company = "Netafim"
    company_uid = "B7.002"
    hosted_slug = "netafim"
    careers_url = "https://www.comeet.com/jobs/netafim/B7.002"
