from jobscraper.platforms.comeet import ComeetSpider


class NomaSecuritySpider(ComeetSpider):
    name = "noma"
    company = "Noma Security"
    company_uid = "3A.005"
    hosted_slug = "noma_security"
    careers_url = "https://www.comeet.com/jobs/noma_security/3A.005"
