from jobscraper.platforms.comeet import ComeetSpider


class ReecoSpider(ComeetSpider):
    name = "reeco"
    company = "Reeco"
    company_uid = "0A.00D"
    hosted_slug = "reeco"
    careers_url = "https://www.comeet.com/jobs/reeco/0A.00D"
