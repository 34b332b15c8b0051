from jobscraper.platforms.comeet import ComeetSpider


class HuntersSpider(ComeetSpider):
    name = "hunters"
    company = "Hunters"
    company_uid = "67.007"
    token = "7672C6A163533D11D9C429F33D10250333D1"
    careers_url = "https://www.hunters.security/careers"
