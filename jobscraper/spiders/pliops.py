from jobscraper.platforms.comeet import ComeetSpider


class PliopsSpider(ComeetSpider):
    name = "pliops"
    company = "Pliops"
    company_uid = "05.004"
    hosted_slug = "pliops"
    careers_url = "https://www.comeet.com/jobs/pliops/05.004"
