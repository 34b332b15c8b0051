from jobscraper.platforms.comeet import ComeetSpider


class CynetSpider(ComeetSpider):
    name = "cynet"
    company = "Cynet"
    company_uid = "33.00D"
    token = "33D103133D19E8136E1D25103133D10311D25"
    careers_url = "https://www.cynet.com/careers/"
